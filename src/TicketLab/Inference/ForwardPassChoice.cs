using System.Globalization;
using TicketLab.Models;

namespace TicketLab.Inference;

/// <summary>The forward pass chosen for a trained network and a one-line reason (e.g. "sparse LSTM path: 4 of 5 projections CSR"),
/// printed once by `predict`. Owns the pass.</summary>
public sealed record ForwardPassChoice(IForwardPass Pass, string Description) : IDisposable
{
    /// <summary>The pass for <paramref name="model"/>: <see cref="InferencePath.Auto"/> takes <see cref="SparseLstm"/> when the policy
    /// puts any of the LSTM's projections on the CSR kernel (the rest stay dense in the same loop), else the dense pass.</summary>
    /// <exception cref="UserException"><see cref="InferencePath.Sparse"/> for a model without a sparse path.</exception>
    public static ForwardPassChoice For(TrainedModel model, InferencePath path)
    {
        if (path == InferencePath.Dense) return Dense(model, "dense path (forced)");
        if (model.Model is not Lstm lstm)
            return path == InferencePath.Sparse
                ? throw new UserException($"--inference sparse: only LSTM runs have a sparse path ({model.RunName} is {model.Hparams.Model.Name}); use auto or dense")
                : Dense(model, $"dense path: the sparse kernels are for LSTM runs ({model.RunName} is {model.Hparams.Model.Name})");
        var sparse = new SparseLstm(lstm, path == InferencePath.Sparse ? 1.0 : SparsePolicy.MaxDensity);
        var projections = sparse.Projections().ToList();
        int csr = projections.Count(p => p.Sparse);
        if (csr > 0)
            return new(sparse, $"sparse LSTM path{(path == InferencePath.Sparse ? " (forced)" : "")}: {csr} of {projections.Count} projections CSR");
        sparse.Dispose();
        return Dense(model, string.Create(CultureInfo.InvariantCulture,
            $"dense path: no projection is sparse enough for CSR (density ≤ {SparsePolicy.MaxDensity}; lowest here {projections.Min(p => p.Density):F3})"));
    }

    private static ForwardPassChoice Dense(TrainedModel model, string why) => new(new DenseForwardPass(model.Model), why);

    public void Dispose() => Pass.Dispose();
}
