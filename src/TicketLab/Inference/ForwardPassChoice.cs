using System.Globalization;
using TicketLab.Models;
using TicketLab.Models.Bert;
using TicketLab.Pruning;

namespace TicketLab.Inference;

/// <summary>The forward pass chosen for a trained network and a one-line reason (e.g. "sparse LSTM path: 4 of 5 projections CSR"),
/// printed once by `predict`. Owns the pass.</summary>
public sealed record ForwardPassChoice(IForwardPass Pass, string Description) : IDisposable
{
    /// <summary>The pass for <paramref name="model"/>: <see cref="InferencePath.Auto"/> takes the compact network of a structured run's level
    /// that removed structures (<see cref="CompactForwardPass"/>), else the family's sparse pass (<see cref="SparseLstm"/>,
    /// <see cref="SparseBert"/>) when the policy puts any of its projections on the CSR kernel (the rest stay dense in the same pass),
    /// else the dense pass.</summary>
    /// <exception cref="UserException"><see cref="InferencePath.Sparse"/> for a model without a sparse path; <see cref="InferencePath.Compact"/>
    /// for a run that is not structured.</exception>
    public static ForwardPassChoice For(TrainedModel model, InferencePath path)
    {
        if (path == InferencePath.Dense) return Dense(model, "dense path (forced)");
        if (path == InferencePath.Compact) return Compact(model, new CompactForwardPass(model), " (forced)");
        if (path == InferencePath.Auto && model.IsStructured && AutoCompact(model) is { } compact) return compact;
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

    // a structured run's level that removed structures runs compact; one that removed none (level 0), or whose mask a method made
    // without structures and which does not compact, takes the unstructured choice
    private static ForwardPassChoice? AutoCompact(TrainedModel model)
    {
        CompactForwardPass pass;
        try { pass = new CompactForwardPass(model, "--inference auto"); }
        catch (UserException) { return null; }
        if (pass.Parameters < StructuredCompaction.ParameterCount(model.Model)) return Compact(model, pass, "");
        pass.Dispose();
        return null;
    }

    private static ForwardPassChoice Compact(TrainedModel model, CompactForwardPass pass, string forced) => new(pass, string.Create(CultureInfo.InvariantCulture,
        $"compact path{forced}: pruned structures sliced away, {pass.Parameters:N0} of {StructuredCompaction.ParameterCount(model.Model):N0} parameters left"));

    private static ForwardPassChoice Dense(TrainedModel model, string why) => new(new DenseForwardPass(model.Model), why);

    public void Dispose() => Pass.Dispose();
}
