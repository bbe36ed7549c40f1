using TicketLab.Pruning;

namespace TicketLab.Lottery;

/// <summary>SynFlow (Tanaka et al. 2020): iterative, data-free pruning by synaptic flow on an all-ones input of the run's padded length.</summary>
public sealed class SynflowMethod : PruneAtInitMethod
{
    public override string Name => "synflow";

    public override Baselines? Baseline => Baselines.Synflow;

    protected override Mask Prune(LevelContext context, Mask dense, long count) =>
        SynFlowPruning.Prune(context.Model, dense, count, length: Math.Max(1, context.Training?.MinLength ?? 1));
}
