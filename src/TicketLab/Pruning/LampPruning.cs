using static TorchSharp.torch;

namespace TicketLab.Pruning;

/// <summary>Layer-adaptive magnitude pruning (LAMP, Lee et al. 2021): one global threshold over scale-free per-tensor scores.</summary>
/// <remarks>
/// Within a tensor, surviving weights are ordered by w² ascending (ties: earlier position first) and
/// score(u) = w_u² / Σ_{v ≥ u} w_v², so a tensor's scores do not depend on its scale (an embedding initialised ~6× smaller
/// than the convolutions is not emptied first). The smallest scores go globally, ties by (tensor, position).
/// Each tensor's largest surviving weight (score 1) is never pruned; only at rates that would leave fewer weights than
/// tensors does the count fall short of <see cref="PruningRate.Count"/>.
/// </remarks>
public sealed class LampPruning : IPruningStrategy
{
    public Mask Prune(Mask current, IReadOnlyDictionary<string, Tensor> weights, double rate)
    {
        PruningRate.Check(rate);
        var keep = current.Tensors.Select(t => t.Keep.contiguous().data<float>().ToArray()).ToList();
        var candidates = new List<(double Score, int Tensor, int Index)>();
        long remaining = 0;
        for (int t = 0; t < keep.Count; t++)
        {
            var w = weights[current.Tensors[t].Name].detach().contiguous().data<float>().ToArray();
            var scores = Scores(w, keep[t], out int largest);
            for (int i = 0; i < w.Length; i++)
                if (keep[t][i] != 0)
                {
                    remaining++;
                    if (i != largest) candidates.Add((scores[i], t, i));
                }
        }
        long count = Math.Min(PruningRate.Count(remaining, rate), candidates.Count);
        candidates.Sort();
        for (int c = 0; c < count; c++) keep[candidates[c].Tensor][candidates[c].Index] = 0;
        return new Mask(current.Tensors.Select((t, i) => (t.Name, tensor(keep[i], t.Keep.shape))));
    }

    /// <summary>The LAMP score of every kept weight of one tensor (NaN where pruned).</summary>
    public static double[] Scores(IReadOnlyList<float> weights, IReadOnlyList<float> keep) => Scores(weights, keep, out _);

    // largest: position of the kept weight that sorts last (score 1 unless all are zero); −1 if none is kept
    private static double[] Scores(IReadOnlyList<float> weights, IReadOnlyList<float> keep, out int largest)
    {
        var order = Enumerable.Range(0, weights.Count).Where(i => keep[i] != 0)
            .OrderBy(i => (double)weights[i] * weights[i]).ThenBy(i => i).ToArray();
        var scores = Enumerable.Repeat(double.NaN, weights.Count).ToArray();
        double suffix = 0; // Σ of w² from this position to the end of the order, summed from the largest down
        for (int k = order.Length - 1; k >= 0; k--)
        {
            double square = (double)weights[order[k]] * weights[order[k]];
            suffix += square;
            scores[order[k]] = suffix == 0 ? 0 : square / suffix;
        }
        largest = order.Length == 0 ? -1 : order[^1];
        return scores;
    }
}
