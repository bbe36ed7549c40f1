using TicketLab.Data;
using TicketLab.Models;
using TicketLab.Pruning;
using TicketLab.Training;

namespace TicketLab.Lottery;

/// <summary>Lottery-ticket search: train dense, then per level prune (iteratively or one-shot), rewind, retrain, and train the baselines;
/// what each trains is its <see cref="LotteryMethod"/>'s.</summary>
public sealed class LotteryRunner(
    Func<long, TextClassifier> createModel,
    TrainingHparams training,
    PruningHparams pruning,
    RunSeeds seed,                                    // an int: the run seed alone (SeedPolicy.Seeds)
    ILevelStore? store = null,
    ITrainingObserver? trainingObserver = null,
    ILotteryObserver? observer = null,
    Func<long, TextClassifier>? createFresh = null,   // random re-init: nothing pre-trained (BERT); default createModel
    CancellationToken stop = default,                 // checked at epoch boundaries: see TrainingStart.Stop
    ISharedDenseLevel? sharedDense = null,            // the dense level runs with the same dense settings share; null: train it here
    ISharedChainLevels? sharedChain = null)           // the chain levels runs with the same chain settings share; null: train them here
{
    private readonly Func<long, TextClassifier> createFresh = createFresh ?? createModel;
    private readonly ILevelStore store = store ?? new NoLevelStore();
    private readonly ILotteryObserver observer = observer ?? new NullLotteryObserver();
    private readonly Trainer trainer = new(training, trainingObserver);
    private LevelTrainer Levels(IReadOnlySet<long> alsoStage, bool chainLevel) =>
        new(trainer, store, observer, seed.Data, stop, sharedDense, alsoStage, chainLevel ? sharedChain : null);

    /// <summary>Every (level, method) a finished run of these settings holds, in the order <see cref="Run"/> produces them.</summary>
    public static IReadOnlyList<(int Level, string Method)> Plan(PruningHparams pruning) =>
        LotteryMethods.Plan(pruning).Select(p => (p.Level, p.Method.Name)).ToList();

    /// <summary>Runs level 0 (dense) and every pruned level; finished levels come from the store.</summary>
    public IReadOnlyList<LevelResult> Run(EncodedDataset data) => Walk(data, LotteryMethods.Plan(pruning), trains: _ => true);

    /// <summary>Trains one unit of the run (or reads it back when stored); what it builds on must be finished in the store
    /// (<see cref="LevelUnits.Needs"/>): a worker that claimed the unit trains nothing else.</summary>
    public LevelResult RunUnit(EncodedDataset data, LevelUnit unit)
    {
        var needs = LevelUnits.Needs(unit, pruning);
        var results = Walk(data, LotteryMethods.Plan(pruning).Where(p => needs.Contains(new LevelUnit(p.Level, p.Method.Name))), trains: u => u == unit);
        return results.Single(r => r.Level == unit.Level && r.Method == unit.Method);
    }

    /// <summary>The one level loop: each (level, method) of <paramref name="plan"/> in order, trained (when <paramref name="trains"/>
    /// says so and the store lacks it) or read back.</summary>
    /// <remarks>The registry says which methods train at a level and in what order, each method says what it trains. Exception-safe:
    /// whatever is thrown, every model, mask and weight snapshot made here is disposed.</remarks>
    private List<LevelResult> Walk(EncodedDataset data, IEnumerable<(int Level, LotteryMethod Method)> plan, Func<LevelUnit, bool> trains)
    {
        pruning.Validate();
        var results = new List<LevelResult>();
        using var model = createModel(seed.Init);
        long rewindStep = pruning.Rewind.ToSteps(trainer.StepsPerEpoch(data.Train.Count), training.Epochs);
        long totalSteps = (long)trainer.StepsPerEpoch(data.Train.Count) * training.Epochs;
        if (rewindStep >= totalSteps)
            throw new ArgumentException($"rewind point {pruning.Rewind} (step {rewindStep}) is not before the end of training (step {totalSteps})");
        var strategy = Strategy(model);
        var alsoStage = (sharedDense?.AlsoKeep ?? []).Select(p => p.ToSteps(trainer.StepsPerEpoch(data.Train.Count), training.Epochs))
            .Where(s => s > 0 && s < totalSteps && s != rewindStep).ToHashSet();

        using var chain = new LevelChain();
        foreach (var (level, method) in plan)
        {
            var (rewind, dense, previous, current) = chain.At(level);
            var context = new LevelContext(level, seed.Run, pruning, strategy, model, createFresh, rewindStep, rewind, dense, previous, current)
            {
                Data = data,
                Training = training,
                DataSeed = seed.Data,
                OwnPrevious = chain.Previous(method.Name, level),
            };
            StoredLevel trained;
            WeightSnapshot? captured = null;
            bool here = trains(new LevelUnit(level, method.Name));
            bool keepFinal = method.ExtendsChain && pruning.ScoreWeights == ScoreWeights.Final && pruning.IsScoredLater(level);
            var levels = Levels(alsoStage, chainLevel: level > 0 && method.ExtendsChain);
            // a level nothing builds on, or a pruned level this walk only reads, is read back before its method starts: a start may
            // train (the early-bird search) or need a level further back than a unit's walk holds (a ticket is pruned from the one before)
            if ((!method.ExtendsChain || (level > 0 && !here)) && levels.TryStored(level, method.Name, keepFinal) is { } done)
                trained = done;
            else using (var start = method.Start(context))
                trained = levels.Train(model, data, level, method.Name, start, out captured, storedOnly: !here, keepFinal: keepFinal);
            results.Add(trained.Result);
            chain.Add(level, method, trained, captured);
        }
        return results;
    }

    private IPruningStrategy Strategy(TextClassifier model)
    {
        var inner = pruning.Strategy(model);
        if (!pruning.OutputAtHalfRate) return inner;
        var outputs = model.Parameters().Where(p => model.RoleOf(p.Name) == ParameterRole.Output).Select(p => p.Name).ToHashSet();
        return new OutputHalfRatePruning(inner, outputs);
    }

    private sealed class NullLotteryObserver : ILotteryObserver { }
}
