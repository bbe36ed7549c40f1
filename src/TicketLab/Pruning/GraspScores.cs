using TicketLab.Data;
using TicketLab.Models;
using static TorchSharp.torch;

namespace TicketLab.Pruning;

/// <summary>GraSP's gradient-flow score (Wang et al. 2020): −w ⊙ Hg per prunable weight, g the loss gradient over real batches and
/// Hg its Hessian-vector product by double backward; the highest scores are pruned (their removal keeps gradient flow most).</summary>
/// <remarks>Logits are divided by a temperature, 200 as in the authors' code, which keeps softmax from saturating at initialisation.</remarks>
public static class GraspScores
{
    public const double DefaultTemperature = 200;

    /// <summary>Scores of the weights of <paramref name="mask"/>'s tensors at the model's current weights; lower is kept.</summary>
    public static Dictionary<string, Tensor> Of(TextClassifier model, Mask mask, IReadOnlyList<Batch> batches, double temperature = DefaultTemperature)
    {
        if (!model.HasSecondDerivatives)
            throw new UserException($"GraSP cannot score {model.GetType().Name}: it differentiates the gradient, and this model's kernels have no second derivative");
        var g = ScoringPass.LossGradients(model, mask, batches, temperature);
        var prunable = ScoringPass.Prunable(model, mask);
        var names = mask.Names.ToList();
        var hg = names.ToDictionary(n => n, n => zeros_like(prunable[n], requires_grad: false));
        using (ScoringPass.Evaluating(model))
            foreach (var batch in batches)
            {
                using var scope = NewDisposeScope();
                var inputs = names.Select(n => (Tensor)prunable[n]).ToList();
                var grads = autograd.grad([ScoringPass.Loss(model, batch, temperature)], inputs, retain_graph: true, create_graph: true); // H g differentiates through this graph again
                // ∂(gᵀ·∇L)/∂w with g held constant is H·g
                var z = names.Select((n, i) => (grads[i] * g[n]).sum()).Aggregate((a, b) => a + b);
                var second = autograd.grad([z], inputs);
                using (no_grad())
                    for (int i = 0; i < names.Count; i++) hg[names[i]].add_(second[i]);
            }
        foreach (var t in g.Values) t.Dispose();
        return names.ToDictionary(n => n, n =>
        {
            using var h = hg[n];
            using var w = prunable[n].detach();
            using var product = w * h;
            return product.neg();
        });
    }
}
