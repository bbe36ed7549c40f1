using TicketLab.Models.Bert;
using static TorchSharp.torch;

namespace TicketLab.Tests.Bert;

public class BertLayerSizesTests
{
    [Fact]
    public void EachLayerTakesItsOwnHeadsAndNeuronsDownToNone()
    {
        var c = BertFixtures.Tiny(vocabSize: 40) with { LayerSizes = [new(1, 0), new(0, 5)] };
        using var model = new BertClassifier(c, classes: 2, seed: 1);
        var shapes = model.Parameters().ToDictionary(p => p.Name, p => p.Parameter.shape);
        Assert.Equal(new long[] { c.HeadSize, 32 }, shapes["encoder.layer.0.attention.self.query.weight"]);
        Assert.Equal(new long[] { 32, c.HeadSize }, shapes["encoder.layer.0.attention.output.dense.weight"]);
        Assert.Equal(new long[] { 32, 0 }, shapes["encoder.layer.0.output.dense.weight"]);
        Assert.Equal(new long[] { 0, 32 }, shapes["encoder.layer.1.attention.self.value.weight"]);
        Assert.Equal(new long[] { 5, 32 }, shapes["encoder.layer.1.intermediate.dense.weight"]);
        Assert.Equal(new long[] { 32, 5 }, shapes["encoder.layer.1.output.dense.weight"]);

        model.eval();
        using var _ = no_grad();
        using var logits = model.forward(tensor(new long[] { 2, 7, 9, 3, 0, 2, 5, 3, 0, 0 }, [2, 5]), tensor(new long[] { 4, 3 }));
        Assert.Equal(new long[] { 2, 2 }, logits.shape);
        Assert.True(logits.isfinite().all().item<bool>());
    }

    [Fact]
    public void LayerSizesThatCannotFormTheModelAreRefusedAndNeverWrittenAsAHuggingFaceConfig()
    {
        var c = BertFixtures.Tiny(vocabSize: 40);
        Assert.Throws<BertImportException>(() => (c with { LayerSizes = [new(4, 64)] }).Validated());                 // 1 size, 2 layers
        Assert.Throws<BertImportException>(() => (c with { LayerSizes = [new(5, 64), new(4, 64)] }).Validated());   // more heads than the config
        Assert.Throws<BertImportException>(() => (c with { LayerSizes = [new(4, -1), new(4, 64)] }).Validated());
        Assert.Throws<InvalidOperationException>(() => (c with { LayerSizes = [new(2, 8), new(4, 64)] }).ToJson());
        Assert.Contains("\"intermediate_size\": 64", c.ToJson());
    }
}
