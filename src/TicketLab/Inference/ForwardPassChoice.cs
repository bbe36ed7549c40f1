using System.Globalization;
using TicketLab.Models;
using TicketLab.Models.Bert;

namespace TicketLab.Inference;

/// <summary>The forward pass chosen for a trained network and a one-line reason (e.g. "sparse LSTM path: 4 of 5 projections CSR"),
/// printed once by `predict`. Owns the pass.</summary>
public sealed record ForwardPassChoice(IForwardPass Pass, string Description) : IDisposable
{
    /// <summary>The pass for <paramref name="model"/>: <see cref="InferencePath.Auto"/> takes the family's sparse pass (<see cref="SparseLstm"/>,
    /// <see cref="SparseBert"/>) when the policy puts any of its projections on the CSR kernel (the rest stay dense in the same pass),
    /// else the dense pass.</summary>
    /// <exception cref="UserException"><see cref="InferencePath.Sparse"/> for a model without a sparse path.</exception>
    public static ForwardPassChoice For(TrainedModel model, InferencePath path)
    {
        if (path == InferencePath.Dense) return Dense(model, "dense path (forced)");
        double maxDensity = path == InferencePath.Sparse ? 1.0 : SparsePolicy.MaxDensity;
        (ISparseForwardPass Pass, string Family)? candidate = model.Model switch
        {
            Lstm lstm => (new SparseLstm(lstm, maxDensity), "LSTM"),
            BertClassifier bert => (new SparseBert(bert, model.Mask, maxDensity), "BERT"),
            _ => null,
        };
        if (candidate is not var (sparse, family))
            return path == InferencePath.Sparse
                ? throw new UserException($"--inference sparse: only LSTM and BERT runs have a sparse path ({model.RunName} is {model.Hparams.Model.Name}); use auto or dense")
                : Dense(model, $"dense path: the sparse kernels are for LSTM and BERT runs ({model.RunName} is {model.Hparams.Model.Name})");
        var projections = sparse.Projections().ToList();
        int csr = projections.Count(p => p.Sparse);
        if (csr > 0)
            return new(sparse, $"sparse {family} path{(path == InferencePath.Sparse ? " (forced)" : "")}: {csr} of {projections.Count} projections CSR");
        sparse.Dispose();
        return Dense(model, string.Create(CultureInfo.InvariantCulture,
            $"dense path: no projection is sparse enough for CSR (density ≤ {SparsePolicy.MaxDensity}; lowest here {projections.Min(p => p.Density):F3})"));
    }

    private static ForwardPassChoice Dense(TrainedModel model, string why) => new(new DenseForwardPass(model.Model), why);

    public void Dispose() => Pass.Dispose();
}
