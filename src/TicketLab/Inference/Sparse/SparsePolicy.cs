namespace TicketLab.Inference;

/// <summary>When a weight matrix is multiplied by the CSR kernel rather than densely.</summary>
public static class SparsePolicy
{
    /// <summary>The highest density (non-zero ÷ all) at which the CSR kernel beats libtorch's dense matmul on the LSTM's shapes, measured
    /// by the P5 benchmark (docs/performance.md): below it the kernel's time falls with the weights it skips; above it the dense kernel's
    /// higher rate per weight wins.</summary>
    public const double MaxDensity = 0.2;   // P5 kernel figures (register-tiled kernel): break-even between density 0.2 and 0.3
}
