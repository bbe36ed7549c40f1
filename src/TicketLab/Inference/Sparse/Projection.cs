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

    /// <summary>W · X for a contiguous X [columns, n].</summary>
    public Tensor Apply(Tensor x)
    {
        if (dense is not null) return dense.mm(x);
        var y = empty(sparse!.Rows, x.shape[1], dtype: float32);
        sparse.Multiply(x, y);
        return y;
    }

    public void Dispose() => dense?.Dispose();
}
