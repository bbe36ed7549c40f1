using TicketLab.Models;
using TicketLab.Pruning;
using TicketLab.Training;
using static TorchSharp.torch;

namespace TicketLab.Lottery;

/// <summary>Moves a ticket (mask and rewind weights) found on one dataset onto a model for another of the same task.</summary>
/// <remarks>Embedding rows follow their token: rows of tokens both vocabularies know carry their weights and mask over;
/// rows of new tokens keep the target model's fresh initialisation and are left unpruned. Every other tensor must have
/// the same shape on both sides (same architecture, same number of classes).</remarks>
public static class TicketTransfer
{
    public static (WeightSnapshot Rewind, Mask Mask) Apply(WeightSnapshot sourceRewind, Mask sourceMask, TextClassifier target, VocabularyMap map)
    {
        using var fresh = WeightSnapshot.Of(target);
        var weights = new List<(string, Tensor)>();
        var masks = new List<(string, Tensor)>();
        foreach (var (name, targetInit) in fresh.Tensors)
        {
            var source = sourceRewind[name];
            var sourceKeep = sourceMask.Names.Contains(name) ? sourceMask[name] : null;
            if (target.RoleOf(name) == ParameterRole.Embedding)
            {
                var (w, k) = MapRows(source, sourceKeep, targetInit, map);
                weights.Add((name, w));
                if (k is not null) masks.Add((name, k));
                continue;
            }
            if (!source.shape.SequenceEqual(targetInit.shape))
                throw new ArgumentException($"cannot transfer '{name}': shape [{string.Join(", ", source.shape)}] on the source, [{string.Join(", ", targetInit.shape)}] on the target (same model and number of classes needed)");
            weights.Add((name, source.clone()));
            if (sourceKeep is not null) masks.Add((name, sourceKeep.clone()));
        }
        return (WeightSnapshot.From(weights), new Mask(masks));
    }

    private static (Tensor Weights, Tensor? Keep) MapRows(Tensor source, Tensor? sourceKeep, Tensor targetInit, VocabularyMap map)
    {
        var weights = targetInit.clone();
        var keep = sourceKeep is null ? null : ones_like(targetInit);
        var carried = Enumerable.Range(0, (int)targetInit.shape[0]).Where(i => map.SourceOf(i) >= 0).ToArray();
        using var to = tensor(carried.Select(i => (long)i).ToArray());
        using var from = tensor(carried.Select(i => (long)map.SourceOf(i)).ToArray());
        using (no_grad())
        {
            weights.index_copy_(0, to, source.index_select(0, from));
            keep?.index_copy_(0, to, sourceKeep!.index_select(0, from));
        }
        return (weights, keep);
    }
}
