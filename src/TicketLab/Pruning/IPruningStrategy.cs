using static TorchSharp.torch;

namespace TicketLab.Pruning;

/// <summary>Turns a mask and trained weights into a sparser mask; knows nothing about training.</summary>
public interface IPruningStrategy
{
    /// <summary>Prunes <paramref name="rate"/> of the weights that <paramref name="current"/> still keeps.</summary>
    Mask Prune(Mask current, IReadOnlyDictionary<string, Tensor> weights, double rate);
}
