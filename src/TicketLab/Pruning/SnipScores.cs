using TicketLab.Data;
using TicketLab.Models;
using static TorchSharp.torch;

namespace TicketLab.Pruning;

/// <summary>SNIP's connection sensitivity (Lee et al. 2019): |∂L/∂w ⊙ w| per prunable weight, the loss summed over real batches.</summary>
/// <remarks>Scored without dropout, so a batch gives the same scores every time; the model's weights are left as they were.</remarks>
public static class SnipScores
{
    /// <summary>Scores of the weights of <paramref name="mask"/>'s tensors at the model's current weights; higher is kept.</summary>
    public static Dictionary<string, Tensor> Of(TextClassifier model, Mask mask, IReadOnlyList<Batch> batches)
    {
        var gradients = ScoringPass.LossGradients(model, mask, batches);
        var weights = ScoringPass.Prunable(model, mask);
        return mask.Names.ToDictionary(n => n, n =>
        {
            using var w = weights[n].detach();
            using var gradient = gradients[n];
            using var product = gradient * w;
            return product.abs();
        });
    }
}
