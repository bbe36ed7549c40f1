using TicketLab.Models;
using TicketLab.Models.Bert;
using static TorchSharp.torch;

namespace TicketLab.Pruning;

/// <summary>Turns a structurally pruned model into a physically smaller one of the same family: the pruned filters / hidden units /
/// attention heads and feed-forward neurons are sliced out of every tensor, so the small model computes what the masked one does with
/// ordinary dense kernels.</summary>
/// <remarks>What a pruned structure still emits when its bias was not pruned is folded into the next layer's bias where that is exact:
/// a TextCNN filter emits relu(bias) into its output-layer columns; a BERT head with zero query/key/value rows averages its value bias
/// over the keys, which is that bias again, into its attention-output columns; a BERT neuron emits act(bias) into its output-dense
/// columns. An LSTM unit with a bias left has a state of its own and is refused. A compact BERT keeps each layer's own counts
/// (<see cref="BertConfig.LayerSizes"/>), down to none: a layer without heads or neurons adds its output dense's bias alone.</remarks>
public static class StructuredCompaction
{
    /// <summary>A compacted BERT, typed: see <see cref="Compact(TextClassifier, Mask)"/>.</summary>
    public static BertClassifier Compact(BertClassifier model, Mask mask) => (BertClassifier)Compact((TextClassifier)model, mask);

    /// <summary>A new model holding only the structures <paramref name="mask"/> keeps, with <paramref name="model"/>'s weights ⊙ mask.</summary>
    /// <exception cref="ArgumentException">TextCNN or LSTM layers keep different numbers of structures, or the family cannot be compacted.</exception>
    public static TextClassifier Compact(TextClassifier model, Mask mask)
    {
        if (model is not (TextCnn or Lstm or BertClassifier)) throw new ArgumentException($"compaction of {model.GetType().Name} is not implemented (TextCNN, LSTM and BERT are)");
        var map = StructureMap.For(model);
        var kept = StructuredPruning.Kept(map, mask);
        if (model is not BertClassifier && kept.Select(k => k.Count).Distinct().Count() != 1)
            throw new ArgumentException($"layers keep different numbers of structures ({string.Join(", ", kept.Select(k => k.Count))}); a compact {model.GetType().Name} has one size");
        var compact = Build(model, kept);   // outside the scope below, which frees every tensor made in it
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

    private static void Fill(TextClassifier compact, TextClassifier model, Mask mask, StructureMap map, IReadOnlyList<IReadOnlyList<int>> kept)
    {
        var tensors = new Dictionary<string, Tensor>();
        using (no_grad())
        {
            foreach (var (name, p) in model.Parameters())
                tensors[name] = mask.Names.Contains(name) ? p.detach().mul(mask[name]) : p.detach().clone();
            FoldDead(model, map, kept, tensors, mask.Names.ToHashSet());
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

    private static void FoldDead(TextClassifier model, StructureMap map, IReadOnlyList<IReadOnlyList<int>> kept, Dictionary<string, Tensor> t, HashSet<string> masked)
    {
        for (int g = 0; g < map.Groups.Count; g++)
        {
            var group = map.Groups[g];
            var dead = Enumerable.Range(0, group.Count).Except(kept[g]).ToArray();
            if (dead.Length == 0) continue;
            switch (model)
            {
                case TextCnn:
                    // a filter with a zero kernel outputs relu(bias) at every position, so max-pooling gives relu(bias)
                    Fold(t, group, dead, group.Slices.Single(s => s.Tensor.EndsWith(".bias", StringComparison.Ordinal)), b => nn.functional.relu(b), "fc.weight");
                    break;
                case BertClassifier bert:
                {
                    var output = group.Slices.Single(s => s.Dim == 1).Tensor;
                    if (output.EndsWith("attention.output.dense.weight", StringComparison.Ordinal))
                    {
                        // zero value rows make every value the value bias, and softmax weights (summing to 1) average it to itself; a head
                        // whose value rows and output columns are both outside the mask still emits what its input makes of it
                        var value = group.Slices.Single(s => s.Tensor.EndsWith(".value.weight", StringComparison.Ordinal)).Tensor;
                        if (!masked.Contains(value) && !masked.Contains(output))
                            throw new ArgumentException($"{group.Name}: neither {value} nor {output} is in the mask, so a pruned head still emits input-dependent values; mask the weights (--scope structured)");
                        Fold(t, group, dead, group.Slices.Single(s => s.Tensor.EndsWith(".value.bias", StringComparison.Ordinal)), b => b, output);
                    }
                    else
                        Fold(t, group, dead, group.Slices.Single(s => s.Tensor.EndsWith("intermediate.dense.bias", StringComparison.Ordinal)),
                            b => BertIntermediate.Activate(b, bert.Config.HiddenAct), output);
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

    // the dead structures emit emit(bias) each whatever the input; the columns of `output` that read them add that to its bias
    private static void Fold(Dictionary<string, Tensor> t, StructureGroup group, int[] dead, StructureSlice bias, Func<Tensor, Tensor> emit, string output)
    {
        var reader = group.Slices.Single(s => s.Tensor == output && s.Dim == 1);
        var emitted = emit(t[bias.Tensor].index_select(0, tensor(bias.Select(dead).ToArray())));
        var columns = t[output].index_select(1, tensor(reader.Select(dead).ToArray()));
        var outputBias = output[..^".weight".Length] + ".bias";
        t[outputBias] = t[outputBias] + columns.matmul(emitted);
    }

    private static TextClassifier Build(TextClassifier model, IReadOnlyList<IReadOnlyList<int>> kept)
    {
        if (model is BertClassifier bert)
        {
            // the map's groups are, per layer, its heads then its feed-forward neurons
            var sizes = Enumerable.Range(0, bert.Config.NumHiddenLayers).Select(l => new BertLayerSize(kept[2 * l].Count, kept[2 * l + 1].Count)).ToList();
            return new BertClassifier(bert.Config with { LayerSizes = sizes }, bert.Classes, seed: 0);
        }
        int size = kept[0].Count;
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
