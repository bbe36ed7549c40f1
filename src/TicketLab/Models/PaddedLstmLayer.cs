using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TicketLab.Models;

/// <summary>One (bi)directional LSTM layer over right-padded batches whose valid outputs and final states equal a packed run's.</summary>
/// <remarks>
/// libtorch's CPU kernel trains on a padded batch about 9× faster than on a packed one (docs/performance.md). Padding only
/// ever follows a sequence's valid steps, so it cannot reach them: the forward pass reads the batch as it is, the
/// backward pass reads each sequence reversed within its own length, and final states are taken at each length.
/// </remarks>
internal sealed class PaddedLstmLayer : nn.Module<Tensor, Tensor, (Tensor Output, Tensor Final)>
{
    private readonly LSTM fwd;
    private readonly LSTM? bwd;

    public PaddedLstmLayer(long inputSize, long hidden, bool bidirectional) : base(nameof(PaddedLstmLayer))
    {
        fwd = nn.LSTM(inputSize, hidden, 1, batchFirst: true);
        bwd = bidirectional ? nn.LSTM(inputSize, hidden, 1, batchFirst: true) : null;
        RegisterComponents();
    }

    /// <summary>[batch, time, input] → outputs [batch, time, directions · hidden] (garbage at padded steps) and final states [batch, directions · hidden].</summary>
    public override (Tensor Output, Tensor Final) forward(Tensor x, Tensor lengths)
    {
        using var scope = NewDisposeScope();
        var (ahead, _, _) = fwd.call(x);
        if (bwd is null) return (ahead.MoveToOuterDisposeScope(), PaddedSequences.Last(ahead, lengths).MoveToOuterDisposeScope());
        var (reversed, _, _) = bwd.call(PaddedSequences.Reverse(x, lengths));
        var output = cat(new[] { ahead, PaddedSequences.Reverse(reversed, lengths) }, 2);
        var final = cat(new[] { PaddedSequences.Last(ahead, lengths), PaddedSequences.Last(reversed, lengths) }, 1);
        return (output.MoveToOuterDisposeScope(), final.MoveToOuterDisposeScope());
    }
}
