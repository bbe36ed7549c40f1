using TicketLab.Training;

namespace TicketLab.Lottery;

/// <summary>The dense level every run with the same dense settings shares, so it is trained once (Store's <c>DenseUnitFolder</c>).</summary>
/// <remarks>Pruning settings do not change the dense network, but the rewind point does pick which of its training steps later
/// levels restart from, so the unit keeps rewind weights by step: the initialisation, the end of every epoch but the last, and
/// each step a run asked for.</remarks>
public interface ISharedDenseLevel
{
    /// <summary>The shared dense training with its rewind weights at <paramref name="rewindStep"/>, verified; null when there is
    /// none or it is corrupt (then moved aside): the run trains the dense level itself. When the unit lacks that step,
    /// <paramref name="replay"/> (if given) makes its weights by replaying the start of the dense training, or declines (null) when
    /// that training, shown to it, stopped before the step; else null too.</summary>
    SharedDenseLevel? TryLoad(long rewindStep, Func<long, TrainingResult, WeightSnapshot?>? replay = null);

    /// <summary>Keeps the weights at <paramref name="step"/> of the dense training this run is doing, for <see cref="Publish"/>.</summary>
    void Stage(long step, WeightSnapshot weights);

    /// <summary>Shares the dense level this run trained, with every staged step; the first writer wins. When the unit exists,
    /// steps it lacks are added if this run's trained weights equal its weights bit for bit.
    /// <paramref name="final"/>: the end-of-training weights where they differ from the best epoch's and the run kept them.</summary>
    void Publish(TrainingResult training, WeightSnapshot trained, WeightSnapshot? final);

    /// <summary>Rewind points of other runs of a sweep whose weights the dense training also stages, so those runs reuse the unit
    /// rather than train the dense level again to reach a step inside an epoch.</summary>
    IReadOnlyList<RewindPoint> AlsoKeep => [];
}
