using TicketLab.Data;
using TicketLab.Models;
using TicketLab.Pruning;
using TicketLab.Training;

namespace TicketLab.Lottery;

/// <summary>What a method may build on at one level: the run's settings and seed, the chain trained so far, the rewind point and
/// the model factories.</summary>
public sealed record LevelContext(
    int Level,
    int Seed,
    PruningHparams Pruning,
    IPruningStrategy Strategy,
    TextClassifier Model,                       // the network every level trains in turn; at level 0 still as the run created it
    Func<long, TextClassifier> CreateFresh,     // a freshly initialised network of another seed (nothing pre-trained, for BERT)
    long RewindStep,
    WeightSnapshot? Rewind,                     // the weights pruned levels restart from; null until the dense network's training captures them
    StoredLevel? DenseLevel,                    // the trained dense network (level 0 of the chain); null at level 0
    StoredLevel? PreviousLevel,                 // the chain one level back: the previous level's ticket, the dense network at level 1
    StoredLevel? ChainLevel)                    // the chain at this level (the ticket) once trained; null while it is the one starting
{
    /// <summary>The run's data, for methods that score weights on real batches (pruning at initialisation); null where none is given.</summary>
    public EncodedDataset? Data { get; init; }

    /// <summary>The run's training settings (batch size, padding), for methods that build batches or set the learning rate.</summary>
    public TrainingHparams? Training { get; init; }

    /// <summary>The seed of the batch order and dropout the levels train with (--data-seed), for a method that trains a network of its own
    /// as a level would; null: <see cref="Seed"/>.</summary>
    public int? DataSeed { get; init; }

    /// <summary>The chain of the method that is starting, one level back (the dense network at level 1), for a method with a chain of its own.</summary>
    public StoredLevel? OwnPrevious { get; init; }

    /// <summary>What a method with a chain of its own prunes at this level: iterative, its own previous level; one-shot, the dense network.</summary>
    public StoredLevel OwnSource => (Pruning.Mode == PruningMode.Iterative ? OwnPrevious : DenseLevel) ?? throw Missing("the level this method's own chain is pruned from");

    /// <summary>The rewind weights; every pruned level has them.</summary>
    public WeightSnapshot RewindWeights => Rewind ?? throw Missing("the rewind weights");

    /// <summary>What this level's ticket is pruned from: iterative, what the last ticket kept, by its trained weights; one-shot, the dense network.</summary>
    public StoredLevel Source => (Pruning.Mode == PruningMode.Iterative ? PreviousLevel : DenseLevel) ?? throw Missing("the level the ticket is pruned from");

    /// <summary>The fraction of <see cref="Source"/>'s remaining weights this level's ticket prunes.</summary>
    public double Rate => Pruning.Mode == PruningMode.Iterative ? Pruning.IterativeRate(Level) : Pruning.TargetSparsities()[Level - 1];

    /// <summary>The ticket's mask at this level.</summary>
    public Mask TicketMask => ChainLevel?.Mask ?? throw Missing("the ticket of this level");

    private InvalidOperationException Missing(string what) =>
        new($"level {Level}: {what} is not trained yet; a method that needs it must come after the chain in {nameof(LotteryMethods)}.{nameof(LotteryMethods.All)}");
}
