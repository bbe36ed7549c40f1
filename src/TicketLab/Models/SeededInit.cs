using static TorchSharp.torch;

namespace TicketLab.Models;

/// <summary>Weight initialisers that draw from an explicit generator, so a model's initialisation depends on its seed alone.</summary>
public static class SeededInit
{
    /// <summary>Xavier (Glorot) normal: N(0, gain² · 2 / (fan_in + fan_out)), fans as PyTorch computes them.</summary>
    public static void XavierNormal(Tensor weight, Generator generator, double gain = 1.0)
    {
        long receptive = weight.dim() > 2 ? weight.shape.Skip(2).Aggregate(1L, (a, b) => a * b) : 1;
        long fanIn = weight.shape[1] * receptive, fanOut = weight.shape[0] * receptive;
        double std = gain * Math.Sqrt(2.0 / (fanIn + fanOut));
        using var _ = no_grad();
        nn.init.normal_(weight, 0, std, generator);
    }

    /// <summary>Standard normal, as PyTorch's default for embeddings.</summary>
    public static void Normal(Tensor weight, Generator generator, double std = 1.0)
    {
        using var _ = no_grad();
        nn.init.normal_(weight, 0, std, generator);
    }

    /// <summary>Zeros (biases).</summary>
    public static void Zeros(Tensor t)
    {
        using var _ = no_grad();
        t.zero_();
    }
}
