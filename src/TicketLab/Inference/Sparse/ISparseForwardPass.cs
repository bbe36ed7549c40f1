namespace TicketLab.Inference;

/// <summary>A forward pass whose weight products go through <see cref="Projection"/>s, each on the CSR kernel or dense as
/// <see cref="SparsePolicy"/> decided; <see cref="ForwardPassChoice"/> reads which.</summary>
public interface ISparseForwardPass : IForwardPass
{
    /// <summary>Every projection's (name, density, whether it runs sparse), for reports.</summary>
    IEnumerable<(string Name, double Density, bool Sparse)> Projections();
}
