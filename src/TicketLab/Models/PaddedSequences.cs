using static TorchSharp.torch;

namespace TicketLab.Models;

/// <summary>Index arithmetic on right-padded [batch, time, features] batches: per-sequence reversal and the state at each sequence's last step.</summary>
internal static class PaddedSequences
{
    /// <summary>Each sequence's valid steps in reverse order, padding left in place; applying it twice is the identity.</summary>
    public static Tensor Reverse(Tensor x, Tensor lengths)
    {
        using var scope = NewDisposeScope();
        long steps = x.shape[1];
        var t = arange(steps, dtype: int64, device: x.device).unsqueeze(0);                 // [1, time]
        var n = lengths.to(int64).to(x.device).unsqueeze(1);                                // [batch, 1]
        var index = where(t < n, n - 1 - t, t);                                             // [batch, time]
        return x.gather(1, index.unsqueeze(2).expand(x.shape)).MoveToOuterDisposeScope();
    }

    /// <summary>The features at each sequence's last valid step: [batch, time, features] → [batch, features].</summary>
    public static Tensor Last(Tensor x, Tensor lengths)
    {
        using var scope = NewDisposeScope();
        var index = (lengths.to(int64).to(x.device) - 1).view(-1, 1, 1).expand(x.shape[0], 1, x.shape[2]);
        return x.gather(1, index).squeeze(1).MoveToOuterDisposeScope();
    }
}
