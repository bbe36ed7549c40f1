using TicketLab.Models;
using static TorchSharp.torch;

namespace TicketLab.Tests.Models;

public class PaddedLstmLayerTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void OutputsAndFinalStatesEqualAPackedLstmWithTheSameWeights(bool bidirectional)
    {
        const int input = 7, hidden = 5;
        using var layer = new PaddedLstmLayer(input, hidden, bidirectional);
        using var packedLstm = nn.LSTM(input, hidden, 1, batchFirst: true, bidirectional: bidirectional);
        var ours = layer.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using (no_grad())
            foreach (var (name, p) in packedLstm.named_parameters())
            {
                // nn.LSTM's reverse direction is our "bwd" module: weight_ih_l0_reverse ↔ bwd.weight_ih_l0
                string key = name.EndsWith("_reverse", StringComparison.Ordinal) ? "bwd." + name[..^"_reverse".Length] : "fwd." + name;
                p.copy_(ours[key]);
            }

        using var generator = new Generator(3);
        using var x = randn(new long[] { 3, 6, input }, generator: generator);
        using var lengths = tensor(new long[] { 6, 2, 4 });
        var (output, final) = layer.call(x, lengths);
        var packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first: true, enforce_sorted: false);
        var (packedOut, h, _) = packedLstm.call(packed);
        var (expectedOut, _) = nn.utils.rnn.pad_packed_sequence(packedOut, batch_first: true);
        using var expectedFinal = bidirectional ? cat(new[] { h[0], h[1] }, 1) : h[0];

        Assert.True(final.allclose(expectedFinal, rtol: 0, atol: 1e-5), "final states differ");
        for (int b = 0; b < 3; b++)
        {
            long n = lengths[b].item<long>();
            Assert.True(output[b, ..(int)n].allclose(expectedOut[b, ..(int)n], rtol: 0, atol: 1e-5), $"outputs of sequence {b} differ");
        }
    }

    [Fact]
    public void ReversingWithinLengthsLeavesPaddingAndUndoesItself()
    {
        using var x = arange(12, dtype: float32).view(2, 6, 1);
        using var lengths = tensor(new long[] { 4, 6 });
        using var reversed = PaddedSequences.Reverse(x, lengths);
        Assert.Equal(new float[] { 3, 2, 1, 0, 4, 5, 11, 10, 9, 8, 7, 6 }, reversed.data<float>().ToArray());
        TensorAssert.Equal(x, PaddedSequences.Reverse(reversed, lengths));
        using var last = PaddedSequences.Last(x, lengths);
        Assert.Equal(new float[] { 3, 11 }, last.data<float>().ToArray());
    }
}
