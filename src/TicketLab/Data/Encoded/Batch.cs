using static TorchSharp.torch;

namespace TicketLab.Data;

/// <summary>A padded mini-batch: <see cref="Ids"/> int64 [B, T] (padded with <see cref="Vocabulary.PadId"/>), <see cref="Labels"/> and <see cref="Lengths"/> int64 [B].</summary>
public sealed class Batch : IDisposable
{
    public Batch(Tensor ids, Tensor labels, Tensor lengths)
    {
        Ids = ids;
        Labels = labels;
        Lengths = lengths;
    }

    public Tensor Ids { get; }
    public Tensor Labels { get; }

    /// <summary>Real tokens per row (before padding), for packed RNNs and masking.</summary>
    public Tensor Lengths { get; }

    /// <summary>B, the number of examples.</summary>
    public int Size => (int)Labels.shape[0];

    public void Dispose()
    {
        Ids.Dispose();
        Labels.Dispose();
        Lengths.Dispose();
    }
}
