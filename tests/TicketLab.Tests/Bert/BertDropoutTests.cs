using TicketLab.Models.Bert;
using static TorchSharp.torch;

namespace TicketLab.Tests.Bert;

[Collection("Bert")]
public class BertDropoutTests
{
    private static readonly int[][] Rows = [[3, 6, 7, 8, 9, 4], [3, 12, 10, 4]];

    [Fact]
    public void Training_noise_comes_from_the_model_generator_alone()
    {
        var config = BertFixtures.Tiny(20);
        var (ids, lengths) = BertFixtures.Batch(Rows);
        Tensor Logits(long noiseSeed)
        {
            using var model = new BertClassifier(config, classes: 2, seed: 4);
            model.train();
            model.ReseedNoise(noiseSeed);
            using var _ = no_grad();
            return model.forward(ids, lengths);
        }
        NoiseAssert.ComesFromTheModelsGeneratorAlone(Logits);
    }

    [Fact]
    public void The_spelled_out_attention_used_in_training_matches_the_fused_one_used_in_eval()
    {
        // Attention dropout so small that nothing is dropped: training takes the spelled-out path, eval the fused kernel.
        var config = BertFixtures.Tiny(20) with { HiddenDropoutProb = 0, AttentionProbsDropoutProb = 1e-12 };
        using var model = new BertClassifier(config, classes: 2, seed: 6);
        var (ids, lengths) = BertFixtures.Batch(Rows, width: 9);
        using var _ = no_grad();
        model.train();
        using var spelledOut = model.Encode(ids, lengths);
        model.eval();
        using var fused = model.Encode(ids, lengths);
        Assert.True(spelledOut.allclose(fused, rtol: 0, atol: 1e-5), $"differ by {(spelledOut - fused).abs().max().item<float>():E2}");
    }
}
