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
        Fill(weight, generator, gain * Math.Sqrt(2.0 / (fanIn + fanOut)));
    }

    /// <summary>Standard normal, as PyTorch's default for embeddings.</summary>
    public static void Normal(Tensor weight, Generator generator, double std = 1.0) => Fill(weight, generator, std);

    // nn.init.normal_ in TorchSharp 0.107 ignores its generator argument; drawing a fresh tensor honours it.
    private static void Fill(Tensor weight, Generator generator, double std)
    {
        using var _ = no_grad();
        using var draw = normal(0, std, weight.shape, generator: generator);
        weight.copy_(draw);
    }

    /// <summary>Zeros (biases).</summary>
    public static void Zeros(Tensor t)
    {
        using var _ = no_grad();
        t.zero_();
    }

    /// <summary>Orthogonal rows or columns (whichever are fewer), as PyTorch's orthogonal_, drawn from the generator.</summary>
    public static void Orthogonal(Tensor weight, Generator generator, double gain = 1.0)
    {
        long rows = weight.shape[0], cols = weight.numel() / rows;
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var flat = normal(0, 1, new[] { rows, cols }, generator: generator);
        if (rows < cols) flat = flat.t();
        var (q, r) = linalg.qr(flat);
        q = q.mul(r.diagonal().sign());                 // make the decomposition unique
        if (rows < cols) q = q.t();
        weight.copy_(q.reshape(weight.shape).mul(gain));
    }
}
