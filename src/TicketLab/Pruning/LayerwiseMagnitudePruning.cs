using static TorchSharp.torch;

namespace TicketLab.Pruning;

/// <summary>Prunes the same fraction of each tensor's remaining weights, smallest magnitude first within the tensor.</summary>
public sealed class LayerwiseMagnitudePruning : IPruningStrategy
{
    public Mask Prune(Mask current, IReadOnlyDictionary<string, Tensor> weights, double rate)
    {
        PruningRate.Check(rate);
        return new Mask(current.Tensors.Select(t =>
        {
            var w = weights[t.Name].detach().contiguous().data<float>().ToArray();
            var keep = t.Keep.contiguous().data<float>().ToArray();
            MagnitudeSelection.PruneSmallest([w], [keep], PruningRate.Count(keep.LongCount(v => v != 0), rate));
            return (t.Name, tensor(keep, t.Keep.shape));
        }));
    }
}
