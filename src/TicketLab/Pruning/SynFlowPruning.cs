using TicketLab.Models;
using TicketLab.Training;
using static TorchSharp.torch;

namespace TicketLab.Pruning;

/// <summary>SynFlow (Tanaka et al. 2020): data-free, iterative pruning by synaptic saliency |∂R/∂w ⊙ w|, where R is the sum of the
/// outputs of the network with every weight replaced by its absolute value and an all-ones input.</summary>
/// <remarks>
/// Text models take token ids, so the all-ones input enters as the embedded sequence: every position's embedding is all ones, or,
/// when the embedding table is itself prunable, the table is scored as a layer fed an all-ones vocabulary vector (each position then
/// carries the column sums of |E|, and weight E[v, d] scores |E[v, d]| · ∂R/∂h[d]). Pruning runs in <c>iterations</c> rounds with the
/// kept share falling exponentially to the target, as the paper; the model's weights are restored afterwards.
/// </remarks>
public static class SynFlowPruning
{
    public const int DefaultIterations = 100;

    /// <summary>A mask that prunes <paramref name="count"/> of <paramref name="dense"/>'s weights, scored on a sequence of <paramref name="length"/> positions.</summary>
    public static Mask Prune(TextClassifier model, Mask dense, long count, int length, int iterations = DefaultIterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        using var original = WeightSnapshot.Of(model);
        var mask = dense.Clone();
        try
        {
            using (ScoringPass.Evaluating(model))
                for (int k = 1; k <= iterations; k++)
                {
                    double keptShare = Math.Pow((double)(dense.Total - count) / dense.Total, (double)k / iterations);
                    long target = k == iterations ? count : dense.Total - (long)Math.Round(dense.Total * keptShare);
                    long more = target - (mask.Total - mask.Remaining);
                    if (more <= 0) continue;
                    var scores = Scores(model, original, mask, length);
                    var next = ScoreSelection.PruneLowest(mask, scores, more);
                    foreach (var s in scores.Values) s.Dispose();
                    mask.Dispose();
                    mask = next;
                }
            return mask;
        }
        catch
        {
            mask.Dispose();
            throw;
        }
        finally
        {
            original.CopyInto(model);
        }
    }

    /// <summary>|∂R/∂w ⊙ w| for <paramref name="mask"/>'s tensors, with the model set to |original ⊙ mask| (and left so: <see cref="Prune"/> restores it).</summary>
    public static Dictionary<string, Tensor> Scores(TextClassifier model, WeightSnapshot original, Mask mask, int length)
    {
        using var scope = NewDisposeScope();
        var names = mask.Names.ToHashSet();
        var parameters = model.Parameters();
        var embeddingSums = new Dictionary<string, Tensor>();
        using (no_grad())
            foreach (var (name, p) in parameters)
            {
                p.copy_(original[name].abs());
                if (names.Contains(name)) p.mul_(mask[name]);
                if (model.RoleOf(name) != Models.ParameterRole.Embedding || p.dim() != 2) continue;
                // every row the same, so any token id reads the input the remark describes
                var row = names.Contains(name) ? p.sum(0, keepdim: false) : ones(p.shape[1]); // keepdim named: a bare 0 would bind to sum(ScalarType)
                embeddingSums[name] = p.clone();
                p.copy_(row.expand(p.shape[0], p.shape[1]));
            }
        var ids = full(1, length, Math.Min(1L, EmbeddingRows(model, parameters) - 1), ScalarType.Int64);
        var inputs = parameters.Where(p => names.Contains(p.Name)).ToList();
        var r = model.forward(ids, tensor(new long[] { length })).sum();
        var grads = autograd.grad([r], inputs.Select(p => (Tensor)p.Parameter).ToList());
        var scores = new Dictionary<string, Tensor>();
        using (no_grad())
            for (int i = 0; i < inputs.Count; i++)
            {
                var (name, p) = inputs[i];
                scores[name] = (embeddingSums.TryGetValue(name, out var table)
                    ? table * grads[i].sum(0, keepdim: true)   // Σ over rows = ∂R/∂h, h the shared row
                    : (grads[i] * p).abs()).MoveToOuterDisposeScope();
            }
        return scores;
    }

    private static long EmbeddingRows(TextClassifier model, IReadOnlyList<(string Name, TorchSharp.Modules.Parameter Parameter)> parameters) =>
        parameters.Where(p => model.RoleOf(p.Name) == Models.ParameterRole.Embedding && p.Parameter.dim() == 2)
            .Select(p => p.Parameter.shape[0]).DefaultIfEmpty(2).Min();
}
