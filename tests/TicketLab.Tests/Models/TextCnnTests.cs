using TicketLab.Models;
using static TorchSharp.torch;

namespace TicketLab.Tests.Models;

public class TextCnnTests
{
    [Fact]
    public void SameSeedSameInitialisationOtherSeedOther()
    {
        var h = new ModelHparams(EmbeddingDim: 8, Filters: 4);
        using var a = new TextCnn(30, 2, h, seed: 1);
        using var b = new TextCnn(30, 2, h, seed: 1);
        using var c = new TextCnn(30, 2, h, seed: 2);
        Assert.All(a.Parameters(), p => TensorAssert.Equal(p.Parameter.detach(), b.Parameters().Single(q => q.Name == p.Name).Parameter.detach(), p.Name));
        Assert.False(TensorAssert.Same(a.Parameters()[0].Parameter.detach(), c.Parameters()[0].Parameter.detach()));
    }

    [Fact]
    public void XavierNormalScaleAndZeroBiases()
    {
        using var model = new TextCnn(30, 2, new ModelHparams(), seed: 3);
        var conv = model.Parameters().Single(p => p.Name == "convs.0.weight").Parameter.detach(); // [100, 100, 3]
        double expected = Math.Sqrt(2.0 / (100 * 3 + 100 * 3));
        Assert.InRange(conv.std().item<float>(), expected * 0.95, expected * 1.05);
        Assert.All(model.Parameters().Where(p => p.Name.EndsWith(".bias")), p => Assert.Equal(0, p.Parameter.count_nonzero().item<long>()));
    }

    [Fact]
    public void ShapesFollowKim2014()
    {
        using var model = new TextCnn(50, 4, new ModelHparams(), seed: 1);
        model.eval();
        using var ids = randint(2, 50, new long[] { 3, 17 });
        using var logits = model.forward(ids, tensor(new long[] { 17, 17, 17 }));
        Assert.Equal(new long[] { 3, 4 }, logits.shape);
        Assert.Equal(new long[] { 4, 300 }, model.Parameters().Single(p => p.Name == "fc.weight").Parameter.shape);
    }
}
