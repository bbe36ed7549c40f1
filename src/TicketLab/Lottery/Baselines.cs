namespace TicketLab.Lottery;

/// <summary>Which baselines are trained beside the ticket at every level: each flag switches on the <see cref="LotteryMethod"/> whose
/// <see cref="LotteryMethod.Baseline"/> it is.</summary>
/// <remarks>The setting's type: run names hash its text ("random-prune,fine-tune"), so it stays a flags enum.</remarks>
[Flags]
public enum Baselines
{
    None = 0,
    /// <summary>A random mask with the ticket's sparsity (per tensor, or overall by option), trained from the same rewind weights.</summary>
    RandomPrune = 1,
    /// <summary>The ticket's mask on a fresh initialisation drawn from another seed.</summary>
    RandomReinit = 2,
    /// <summary>Fine-tuning: its own IMP chain, trained weights kept, trained on at the schedule's final learning rate.</summary>
    FineTune = 4,
    /// <summary>Early-bird ticket: the magnitude mask drawn during dense training once it stops changing, trained from the rewind weights.</summary>
    EarlyBird = 1 << 15,
    // 8 to 1 << 14 are left to other methods; from 1 << 16 the methods of their own masks (retraining chains, pruning at initialisation, ablations)
    /// <summary>Learning-rate rewinding: its own IMP chain, trained weights kept, the schedule replayed from the rewind point.</summary>
    LrRewind = 1 << 16,
    /// <summary>SNIP at initialisation: |∂L/∂w ⊙ w| on real batches.</summary>
    Snip = 1 << 17,
    /// <summary>GraSP at initialisation: −w ⊙ Hg on real batches, the highest pruned.</summary>
    Grasp = 1 << 18,
    /// <summary>SynFlow at initialisation: iterative, data-free synaptic flow.</summary>
    Synflow = 1 << 19,
    /// <summary>Global magnitude pruning of the initial weights.</summary>
    MagnitudeInit = 1 << 20,
    /// <summary>A random mask pruning every tensor at the same share.</summary>
    RandomUniform = 1 << 21,
    /// <summary>A random mask with the Erdős–Rényi-kernel layer budget.</summary>
    RandomErk = 1 << 22,
    /// <summary>Ablations (Frankle et al. 2021): each pruning-at-initialisation mask shuffled within its tensors, or on fresh weights.</summary>
    SnipShuffle = 1 << 23,
    SnipReinit = 1 << 24,
    GraspShuffle = 1 << 25,
    GraspReinit = 1 << 26,
    SynflowShuffle = 1 << 27,
    SynflowReinit = 1 << 28,
    MagnitudeInitShuffle = 1 << 29,
    MagnitudeInitReinit = 1 << 30,
}
