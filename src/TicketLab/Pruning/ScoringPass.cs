using TicketLab.Data;
using TicketLab.Models;
using static TorchSharp.torch;

namespace TicketLab.Pruning;

/// <summary>What the data-driven pruning-at-initialisation scores share: the prunable parameters and the loss gradient over real batches.</summary>
internal static class ScoringPass
{
    /// <summary>The model's parameters that <paramref name="mask"/> covers, by name.</summary>
    public static Dictionary<string, TorchSharp.Modules.Parameter> Prunable(TextClassifier model, Mask mask)
    {
        var names = mask.Names.ToHashSet();
        return model.Parameters().Where(p => names.Contains(p.Name)).ToDictionary(p => p.Name, p => p.Parameter);
    }

    /// <summary>The cross-entropy loss of one batch, its logits divided by <paramref name="temperature"/>.</summary>
    public static Tensor Loss(TextClassifier model, Batch batch, double temperature = 1) =>
        nn.functional.cross_entropy(model.forward(batch.Ids, batch.Lengths) / temperature, batch.Labels);

    /// <summary>Σ over <paramref name="batches"/> of ∂(mean batch loss)/∂w for <paramref name="mask"/>'s tensors, detached; dropout off.</summary>
    public static Dictionary<string, Tensor> LossGradients(TextClassifier model, Mask mask, IReadOnlyList<Batch> batches, double temperature = 1)
    {
        if (batches.Count == 0) throw new ArgumentException("scoring needs at least one batch", nameof(batches));
        var prunable = Prunable(model, mask);
        var names = mask.Names.ToList();
        var sums = names.ToDictionary(n => n, n => zeros_like(prunable[n], requires_grad: false));
        using (Evaluating(model))
            foreach (var batch in batches)
            {
                using var scope = NewDisposeScope();
                var grads = autograd.grad([Loss(model, batch, temperature)], names.Select(n => (Tensor)prunable[n]).ToList());
                using (no_grad())
                    for (int i = 0; i < names.Count; i++) sums[names[i]].add_(grads[i]);
            }
        return sums;
    }

    /// <summary>Switches dropout off until disposed, then restores the model's mode.</summary>
    public static IDisposable Evaluating(TextClassifier model)
    {
        bool training = model.training;
        model.eval();
        return new Restore(() => { if (training) model.train(); });
    }

    private sealed class Restore(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }
}
