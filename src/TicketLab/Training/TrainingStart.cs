namespace TicketLab.Training;

/// <summary>Where a training run begins: its seed, an optional mask kept through every step, and the step it resumes at (late rewinding).</summary>
public sealed record TrainingStart(int Seed, IWeightMask? Mask = null, long StartStep = 0)
{
    /// <summary>Called with the optimiser steps taken so far and the model holding those weights: on a fresh start before the first
    /// step, then after every step. Whoever keeps a rewind point or stages a sweep's steps reads the weights here; true after a step
    /// ends training there (the rest of the epoch is skipped, its validation still runs): an early-bird search stops with it.</summary>
    public Func<long, bool>? AtStep { get; init; }

    /// <summary>Called once after the last epoch, with the model still holding the end-of-training weights (before the best
    /// epoch's are restored), for whoever scores the final weights.</summary>
    public Action<Models.TextClassifier>? OnFinished { get; init; }

    /// <summary>A learning rate for every step in place of the schedule's (fine-tuning at the schedule's final rate); null: the schedule.</summary>
    public double? LearningRate { get; init; }

    /// <summary>Where to keep a checkpoint after every epoch so a killed run continues from its last finished epoch.</summary>
    public ICheckpointStore? Checkpoints { get; init; }

    /// <summary>A cooperative stop: checked after each epoch that another follows (and after its checkpoint is written); throws
    /// <see cref="OperationCanceledException"/> so the unit resumes from that checkpoint later.</summary>
    public CancellationToken Stop { get; init; }
}
