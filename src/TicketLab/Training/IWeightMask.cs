using TicketLab.Models;

namespace TicketLab.Training;

/// <summary>What training needs of a pruning mask: zero the pruned weights and their gradients (pruning implements it downstream).</summary>
public interface IWeightMask
{
    /// <summary>Zeroes pruned weights in place.</summary>
    void ApplyTo(TextClassifier model);

    /// <summary>Zeroes the gradients of pruned weights so optimiser state never grows on them.</summary>
    void MaskGradients(TextClassifier model);
}
