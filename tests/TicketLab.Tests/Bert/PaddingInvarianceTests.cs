using TicketLab.Models.Bert;
using static TorchSharp.torch;

namespace TicketLab.Tests.Bert;

[Collection("Bert")]
public class PaddingInvarianceTests
{
    [Fact]
    public void Extra_padding_and_longer_batch_mates_leave_the_logits_unchanged_in_eval_mode()
    {
        var rows = BertFixtures.Sentences.Select(s => BertFixtures.Vocab.Encode(s, 64)).ToArray();
        using var model = MiniLm.Create(classes: 3, seed: 11);
        model.eval();
        using var _ = no_grad();

        var (ids, lengths) = BertFixtures.Batch(rows);
        var (padded, paddedLengths) = BertFixtures.Batch(rows, width: rows.Max(r => r.Length) + 17);
        using var tight = model.forward(ids, lengths);
        using var loose = model.forward(padded, paddedLengths);
        Assert.True(tight.allclose(loose, rtol: 0, atol: 1e-5), $"padding changed the logits by {(tight - loose).abs().max().item<float>():E2}");

        // The shortest sentence alone (no padding at all) and inside the batch.
        int shortest = Array.IndexOf(rows, rows.MinBy(r => r.Length));
        var (alone, aloneLength) = BertFixtures.Batch([rows[shortest]]);
        using var single = model.forward(alone, aloneLength);
        Assert.True(single[0].allclose(tight[shortest], rtol: 0, atol: 1e-5));

        // The mask must matter: reading the padding as tokens changes the output.
        using var unmasked = model.forward(padded, full_like(paddedLengths, padded.shape[1]));
        Assert.False(unmasked.allclose(loose, rtol: 0, atol: 1e-3));
    }
}
