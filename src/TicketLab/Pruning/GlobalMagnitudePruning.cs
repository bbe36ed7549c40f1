using static TorchSharp.torch;

namespace TicketLab.Pruning;

/// <summary>Prunes the smallest-magnitude weights across all prunable tensors at once (one global threshold).</summary>
public sealed class GlobalMagnitudePruning : IPruningStrategy
{
    public Mask Prune(Mask current, IReadOnlyDictionary<string, Tensor> weights, double rate)
    {
        PruningRate.Check(rate);
        var w = current.Tensors.Select(t => weights[t.Name].detach().contiguous().data<float>().ToArray()).ToList();
        var keep = current.Tensors.Select(t => t.Keep.contiguous().data<float>().ToArray()).ToList();
        long remaining = keep.Sum(k => k.LongCount(v => v != 0));
        MagnitudeSelection.PruneSmallest(w, keep, PruningRate.Count(remaining, rate));
        return new Mask(current.Tensors.Select((t, i) => (t.Name, tensor(keep[i], t.Keep.shape))));
    }
}
