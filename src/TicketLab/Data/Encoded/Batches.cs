using static TorchSharp.torch;

namespace TicketLab.Data;

/// <summary>Batch plans (a seeded permutation per epoch, so a run resumed at step k sees the same order) and collation into padded tensors.</summary>
public static class Batches
{
    private const long PlanSalt = 0x0BA7_C400_0000L;

    /// <summary>Index lists covering 0..count-1 exactly once, in batches of <paramref name="batchSize"/> (the last may be smaller);
    /// shuffled by (seed, epoch) alone, so any epoch's order can be recomputed without replaying earlier ones.</summary>
    public static IReadOnlyList<int[]> Plan(int count, int batchSize, bool shuffle, int seed, int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        // The salt keeps batch orders apart from split draws when a run uses the same number for both seeds.
        int[] order = shuffle ? SeededShuffle.Permutation(count, seed, PlanSalt + epoch) : Enumerable.Range(0, count).ToArray();
        var batches = new List<int[]>((count + batchSize - 1) / batchSize);
        for (int start = 0; start < count; start += batchSize)
            batches.Add(order[start..Math.Min(count, start + batchSize)]);
        return batches;
    }

    /// <summary>Like <see cref="Plan"/> but with examples of similar length batched together (less padding, as torchtext's
    /// BucketIterator): the shuffled order is cut into pools of <paramref name="poolBatches"/> batches, each pool is sorted by
    /// length, cut into batches, and the batches are shuffled. Still a function of (seed, epoch) alone.</summary>
    public static IReadOnlyList<int[]> BucketedPlan(EncodedSplit split, int batchSize, int seed, int epoch, int poolBatches = 50)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(poolBatches, 1);
        var order = SeededShuffle.Permutation(split.Count, seed, PlanSalt + epoch);
        var batches = new List<int[]>((split.Count + batchSize - 1) / batchSize);
        int pool = batchSize * poolBatches;
        for (int start = 0; start < order.Length; start += pool)
        {
            var chunk = order[start..Math.Min(order.Length, start + pool)];
            var sorted = chunk.OrderBy(i => split.Ids[i].Length).ToArray();   // stable: ties keep the shuffled order
            for (int b = 0; b < sorted.Length; b += batchSize)
                batches.Add(sorted[b..Math.Min(sorted.Length, b + batchSize)]);
        }
        var shuffled = batches.ToArray();
        SeededShuffle.Shuffle(shuffled, seed, ~(PlanSalt + epoch));
        return shuffled;
    }

    /// <summary>Batches for evaluation: every example once, sorted by length so little time goes to padding.</summary>
    public static IReadOnlyList<int[]> EvaluationPlan(EncodedSplit split, int batchSize)
    {
        var sorted = Enumerable.Range(0, split.Count).OrderBy(i => split.Ids[i].Length).ToArray();
        var batches = new List<int[]>((split.Count + batchSize - 1) / batchSize);
        for (int b = 0; b < sorted.Length; b += batchSize) batches.Add(sorted[b..Math.Min(sorted.Length, b + batchSize)]);
        return batches;
    }

    /// <summary>Pads the examples at <paramref name="indices"/> to T = max(longest, <paramref name="minLength"/>) so e.g. a width-5
    /// convolution always fits; tensors are on the CPU, or on <paramref name="device"/> when given.</summary>
    public static Batch Collate(EncodedSplit split, int[] indices, int minLength, Device? device = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(indices.Length, nameof(indices));
        int width = Math.Max(1, minLength);
        foreach (int i in indices) width = Math.Max(width, split.Ids[i].Length);

        // One buffer for the ids; a fresh array is already padded because PadId is 0.
        var ids = new long[indices.Length * width];
        var labels = new long[indices.Length];
        var lengths = new long[indices.Length];
        for (int b = 0; b < indices.Length; b++)
        {
            var row = split.Ids[indices[b]];
            int offset = b * width;
            for (int t = 0; t < row.Length; t++) ids[offset + t] = row[t];
            labels[b] = split.Labels[indices[b]];
            lengths[b] = row.Length;
        }
        return new Batch(
            tensor(ids, [indices.Length, width], device: device),
            tensor(labels, [indices.Length], device: device),
            tensor(lengths, [indices.Length], device: device));
    }
}
