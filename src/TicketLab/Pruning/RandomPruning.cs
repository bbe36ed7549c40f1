using static TorchSharp.torch;

namespace TicketLab.Pruning;

/// <summary>The random-pruning baseline: a uniformly random mask with the same pruned count per tensor as a reference mask.</summary>
/// <remarks>Draws come from <see cref="SplitMix64"/> seeded with <paramref name="seed"/> (see <see cref="SeedPolicy.RandomPrune"/>), so a seed gives the same mask everywhere.</remarks>
public sealed class RandomPruning(long seed)
{
    /// <summary>A fresh random mask matching <paramref name="reference"/>'s per-tensor sparsity (drawn from dense, not nested).</summary>
    public Mask Match(Mask reference) =>
        Draw(reference, reference.Tensors.Select(t => t.Keep.numel() - Mask.CountKept(t.Keep)).ToList());

    /// <summary>A fresh random mask over <paramref name="shape"/>'s tensors that prunes <paramref name="prunedPerTensor"/>[i] weights of tensor i
    /// (a layer budget such as <see cref="ErkBudget"/>'s), each subset uniform.</summary>
    public Mask Draw(Mask shape, IReadOnlyList<long> prunedPerTensor)
    {
        var random = new SplitMix64((ulong)seed);
        return new Mask(shape.Tensors.Select((t, i) => (t.Name, tensor(Keep(t.Keep.numel(), prunedPerTensor[i], ref random), t.Keep.shape))).ToList());
    }

    /// <summary>A random mask with <paramref name="reference"/>'s total pruned count, drawn uniformly over all its tensors together.</summary>
    public Mask MatchGlobal(Mask reference)
    {
        var random = new SplitMix64((ulong)seed);
        long total = reference.Total;
        var keep = Keep(total, total - reference.Remaining, ref random);
        long offset = 0;
        return new Mask(reference.Tensors.Select(t =>
        {
            var part = keep.AsSpan((int)offset, (int)t.Keep.numel()).ToArray();
            offset += part.Length;
            return (t.Name, tensor(part, t.Keep.shape));
        }).ToList());
    }

    // A partial Fisher–Yates: the first `pruned` slots of a shuffled 0..n-1 are a uniform subset of that size.
    private static float[] Keep(long n, long pruned, ref SplitMix64 random)
    {
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        var keep = new float[n];
        Array.Fill(keep, 1f);
        for (long i = 0; i < pruned; i++)
        {
            long j = i + (long)random.NextBelow((ulong)(n - i));
            (order[i], order[j]) = (order[j], order[i]);
            keep[order[i]] = 0;
        }
        return keep;
    }
}
