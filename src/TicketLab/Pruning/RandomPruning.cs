using static TorchSharp.torch;

namespace TicketLab.Pruning;

/// <summary>The random-pruning baseline: a uniformly random mask with the same pruned count per tensor as a reference mask.</summary>
public sealed class RandomPruning(int seed)
{
    /// <summary>A fresh random mask matching <paramref name="reference"/>'s per-tensor sparsity (drawn from dense, not nested).</summary>
    public Mask Match(Mask reference)
    {
        var rng = new Random(seed);
        return new Mask(reference.Tensors.Select(t =>
        {
            long n = t.Keep.numel();
            long pruned = n - (long)t.Keep.sum().item<float>();
            var order = new int[n];
            for (int i = 0; i < n; i++) order[i] = i;
            rng.Shuffle(order);
            var keep = new float[n];
            Array.Fill(keep, 1f);
            for (long i = 0; i < pruned; i++) keep[order[i]] = 0;
            return (t.Name, tensor(keep, t.Keep.shape));
        }));
    }

    /// <summary>A random mask with <paramref name="reference"/>'s total pruned count, drawn uniformly over all its tensors together.</summary>
    public Mask MatchGlobal(Mask reference)
    {
        var rng = new Random(seed);
        long total = reference.Total, pruned = total - reference.Remaining;
        var order = new long[total];
        for (long i = 0; i < total; i++) order[i] = i;
        rng.Shuffle(order);
        var keep = new float[total];
        Array.Fill(keep, 1f);
        for (long i = 0; i < pruned; i++) keep[order[i]] = 0;
        long offset = 0;
        return new Mask(reference.Tensors.Select(t =>
        {
            var part = keep.AsSpan((int)offset, (int)t.Keep.numel()).ToArray();
            offset += part.Length;
            return (t.Name, tensor(part, t.Keep.shape));
        }).ToList());
    }
}
