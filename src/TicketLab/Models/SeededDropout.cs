using static TorchSharp.torch;

namespace TicketLab.Models;

/// <summary>Inverted dropout that draws from its model's own generator, so runs in parallel threads never share noise.</summary>
public sealed class SeededDropout(double p, Generator generator) : nn.Module<Tensor, Tensor>(nameof(SeededDropout))
{
    public override Tensor forward(Tensor x)
    {
        if (!training || p == 0) return x.alias();
        using var keep = empty_like(x).bernoulli_(1 - p, generator);
        return x.mul(keep).div_(1 - p);
    }
}
