using TicketLab.Models;
using static TorchSharp.torch;

namespace TicketLab.Pruning;

/// <summary>Turns a structurally pruned model into a physically smaller one of the same family: the pruned filters / hidden units are
/// sliced out of every tensor, so the small model computes what the masked one does with ordinary dense kernels.</summary>
/// <remarks>What a pruned structure still emits when its bias was not pruned is folded into the next layer's bias where that is exact
/// (a TextCNN filter: relu(bias) times its output-layer column); an LSTM unit with a bias left has a state of its own and is refused.</remarks>
public static class StructuredCompaction
{
    /// <summary>A new model holding only the structures <paramref name="mask"/> keeps, with <paramref name="model"/>'s weights ⊙ mask.</summary>
    /// <exception cref="ArgumentException">Layers keep different numbers of structures, or the family cannot be compacted.</exception>
    public static TextClassifier Compact(TextClassifier model, Mask mask)
    {
        if (model is not (TextCnn or Lstm)) throw new ArgumentException($"compaction of {model.GetType().Name} is not implemented (TextCNN and LSTM are)");
        var map = StructureMap.For(model);
        var kept = map.Groups.Select(g => StructuredPruning.Kept(g, mask)).ToList();
        if (kept.Select(k => k.Count).Distinct().Count() != 1)
            throw new ArgumentException($"layers keep different numbers of structures ({string.Join(", ", kept.Select(k => k.Count))}); a compact {model.GetType().Name} has one size");
        var compact = Build(model, kept[0].Count);   // outside the scope below, which frees every tensor made in it
        try
        {
            using var scope = NewDisposeScope();
            Fill(compact, model, mask, map, kept);
        }
        catch
        {
            compact.Dispose();
            throw;
        }
        compact.eval();
        return compact;
    }

    private static void Fill(TextClassifier compact, TextClassifier model, Mask mask, StructureMap map, List<IReadOnlyList<int>> kept)
    {
        var tensors = new Dictionary<string, Tensor>();
        using (no_grad())
        {
            foreach (var (name, p) in model.Parameters())
                tensors[name] = mask.Names.Contains(name) ? p.detach().mul(mask[name]) : p.detach().clone();
            FoldDead(model, map, kept, tensors);
            // groups can share a tensor (every TextCNN width feeds fc.weight), so each (tensor, dim) is sliced once, groups in order
            var selected = new Dictionary<(string Tensor, int Dim), List<long>>();
            for (int g = 0; g < map.Groups.Count; g++)
                foreach (var slice in map.Groups[g].Slices)
                {
                    if (!selected.TryGetValue((slice.Tensor, slice.Dim), out var indices)) selected[(slice.Tensor, slice.Dim)] = indices = [];
                    indices.AddRange(slice.Select(kept[g]));
                }
            foreach (var ((name, dim), indices) in selected) tensors[name] = tensors[name].index_select(dim, tensor(indices.ToArray()));
        }
        using (no_grad())
            foreach (var (name, p) in compact.Parameters())
            {
                if (!p.shape.SequenceEqual(tensors[name].shape))
                    throw new InvalidOperationException($"{name}: compact shape [{string.Join(", ", p.shape)}] ≠ sliced [{string.Join(", ", tensors[name].shape)}]");
                p.copy_(tensors[name]);
            }
    }

    /// <summary>Parameters in all, to compare a compact model with the one it came from.</summary>
    public static long ParameterCount(TextClassifier model) => model.Parameters().Sum(p => p.Parameter.numel());

    private static void FoldDead(TextClassifier model, StructureMap map, List<IReadOnlyList<int>> kept, Dictionary<string, Tensor> t)
    {
        for (int g = 0; g < map.Groups.Count; g++)
        {
            var group = map.Groups[g];
            var dead = Enumerable.Range(0, group.Count).Except(kept[g]).ToArray();
            if (dead.Length == 0) continue;
            switch (model)
            {
                case TextCnn:
                {
                    // a filter with a zero kernel outputs relu(bias) at every position, so max-pooling gives relu(bias)
                    var bias = group.Slices.Single(s => s.Tensor.EndsWith(".bias", StringComparison.Ordinal));
                    var fc = group.Slices.Single(s => s.Tensor == "fc.weight");
                    var emitted = nn.functional.relu(t[bias.Tensor].index_select(0, tensor(bias.Select(dead).ToArray())));
                    var columns = t["fc.weight"].index_select(1, tensor(fc.Select(dead).ToArray()));
                    t["fc.bias"] = t["fc.bias"] + columns.matmul(emitted);
                    break;
                }
                case Lstm:
                    foreach (var bias in group.Slices.Where(s => s.Tensor.Contains(".bias_", StringComparison.Ordinal)))
                        if (t[bias.Tensor].index_select(0, tensor(bias.Select(dead).ToArray())).abs().max().item<float>() != 0)
                            throw new ArgumentException($"{group.Name}: a pruned unit keeps a bias in {bias.Tensor}, so its state is not 0; prune with the biases (--scope structured)");
                    break;
            }
        }
    }

    private static TextClassifier Build(TextClassifier model, int size)
    {
        var shapes = model.Parameters().ToDictionary(p => p.Name, p => p.Parameter.shape);
        var embedding = shapes["embedding.weight"];
        int classes = (int)shapes["fc.weight"][0];
        return model switch
        {
            TextCnn => new TextCnn((int)embedding[0], classes, new ModelHparams(EmbeddingDim: (int)embedding[1], Filters: size,
                FilterWidths: string.Join(",", shapes.Where(s => s.Key.StartsWith("convs.", StringComparison.Ordinal) && s.Key.EndsWith(".weight", StringComparison.Ordinal)).Select(s => s.Value[2]))), seed: 0),
            Lstm => new Lstm((int)embedding[0], classes, new ModelHparams(Name: "lstm", EmbeddingDim: (int)embedding[1], Hidden: size,
                Layers: shapes.Keys.Count(n => n.EndsWith(".fwd.weight_ih_l0", StringComparison.Ordinal)), Bidirectional: shapes.ContainsKey("layers.0.bwd.weight_ih_l0")), seed: 0),
            _ => throw new ArgumentException(model.GetType().Name),
        };
    }
}
