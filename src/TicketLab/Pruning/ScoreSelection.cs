using static TorchSharp.torch;

namespace TicketLab.Pruning;

/// <summary>Exact lowest-k selection over any per-weight score, with deterministic ties (earlier position first).</summary>
public static class ScoreSelection
{
    /// <summary>A mask that prunes, of the weights <paramref name="current"/> keeps, the <paramref name="count"/> of lowest score
    /// over all its tensors together (one global threshold).</summary>
    public static Mask PruneLowest(Mask current, IReadOnlyDictionary<string, Tensor> scores, long count)
    {
        var s = current.Tensors.Select(t => scores[t.Name].detach().to_type(ScalarType.Float32).contiguous().data<float>().ToArray()).ToList();
        var keep = current.Tensors.Select(t => t.Keep.contiguous().data<float>().ToArray()).ToList();
        PruneLowest(s, keep, count);
        return new Mask(current.Tensors.Select((t, i) => (t.Name, tensor(keep[i], t.Keep.shape))));
    }

    /// <summary>Clears, in <paramref name="keep"/>, the <paramref name="count"/> kept entries of lowest score.</summary>
    public static void PruneLowest(IReadOnlyList<float[]> scores, IReadOnlyList<float[]> keep, long count)
    {
        if (count <= 0) return;
        var kept = new List<float>();
        for (int t = 0; t < scores.Count; t++)
            for (int i = 0; i < scores[t].Length; i++)
                if (keep[t][i] != 0)
                {
                    if (float.IsNaN(scores[t][i])) throw new ArgumentException("a pruning score is NaN", nameof(scores));
                    kept.Add(scores[t][i]);
                }
        if (count > kept.Count) throw new ArgumentOutOfRangeException(nameof(count), $"cannot prune {count} of {kept.Count} remaining weights");
        var sorted = kept.ToArray();
        Array.Sort(sorted);
        float threshold = sorted[count - 1];
        long below = 0;
        for (long i = 0; i < count; i++) if (sorted[i] < threshold) below++;
        long atThreshold = count - below; // ties at the threshold are taken in position order
        for (int t = 0; t < scores.Count; t++)
            for (int i = 0; i < scores[t].Length; i++)
            {
                if (keep[t][i] == 0) continue;
                float v = scores[t][i];
                if (v < threshold) keep[t][i] = 0;
                else if (v == threshold && atThreshold > 0) { keep[t][i] = 0; atThreshold--; }
            }
    }
}
