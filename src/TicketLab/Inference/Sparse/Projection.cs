using static TorchSharp.torch;

namespace TicketLab.Inference;

/// <summary>A weight matrix applied feature-major (Y [rows, n] = W · X [columns, n]) by the CSR kernel when it is sparse enough to
/// gain (<see cref="SparsePolicy"/>), else by libtorch's dense matmul.</summary>
public sealed class Projection : IDisposable
{
    private readonly CsrMatrix? sparse;
    private readonly Tensor? dense;

    public Projection(Tensor weight, double maxDensity)
    {
        var csr = CsrMatrix.FromDense(weight);
        Density = csr.Density;
        if (Density <= maxDensity) sparse = csr;
        else dense = weight.detach().to(float32).contiguous().clone();
    }

    /// <summary>Non-zero ÷ all weights.</summary>
    public double Density { get; }

    /// <summary>Whether the CSR kernel does the product.</summary>
    public bool IsSparse => sparse is not null;

    /// <summary>W · X for X [columns, n] with contiguous rows.</summary>
    public Tensor Apply(Tensor x)
    {
        var y = empty(sparse?.Rows ?? dense!.shape[0], x.shape[1], dtype: float32);
        Apply(x, y);
        return y;
    }

    /// <summary>Y = W · X into Y [rows, n] (rows contiguous, e.g. a column range), without allocating (the products of every step).</summary>
    public void Apply(Tensor x, Tensor y)
    {
        if (dense is not null) y.addmm_(dense, x, beta: 0, alpha: 1);   // beta 0: Y's old content is ignored
        else sparse!.Multiply(x, y);
    }

    public void Dispose() => dense?.Dispose();
}
