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
    int seed,
    ILevelStore? store = null,
    ITrainingObserver? trainingObserver = null,
    ILotteryObserver? observer = null,
    Func<long, TextClassifier>? createFresh = null)   // random re-init: nothing pre-trained (BERT); default createModel
{
    private readonly Func<long, TextClassifier> createFresh = createFresh ?? createModel;
    private readonly ILevelStore store = store ?? new NoLevelStore();
    private readonly ILotteryObserver observer = observer ?? new NullLotteryObserver();
    private readonly Trainer trainer = new(training, trainingObserver);
    private LevelTrainer Levels => new(trainer, store, observer, seed);

    /// <summary>Every (level, method) a finished run of these settings holds, in the order <see cref="Run"/> produces them.</summary>
    public static IReadOnlyList<(int Level, string Method)> Plan(PruningHparams pruning) =>
        LotteryMethods.Plan(pruning).Select(p => (p.Level, p.Method.Name)).ToList();

    /// <summary>Runs level 0 (dense) and every pruned level; finished levels come from the store.</summary>
    /// <remarks>One loop for every method: the registry says which train at a level and in what order, each method says what it
    /// trains. Exception-safe: whatever is thrown, every model, mask and weight snapshot made here is disposed.</remarks>
    public IReadOnlyList<LevelResult> Run(EncodedDataset data)
    {
        pruning.Validate();
        var results = new List<LevelResult>();
        using var model = createModel(seed);
        long rewindStep = pruning.Rewind.ToSteps(trainer.StepsPerEpoch(data.Train.Count), training.Epochs);
        long totalSteps = (long)trainer.StepsPerEpoch(data.Train.Count) * training.Epochs;
        if (rewindStep >= totalSteps)
            throw new ArgumentException($"rewind point {pruning.Rewind} (step {rewindStep}) is not before the end of training (step {totalSteps})");
        var strategy = Strategy(model);

        using var chain = new LevelChain();
        foreach (var (level, method) in LotteryMethods.Plan(pruning))
        {
            var (rewind, dense, previous, current) = chain.At(level);
            var context = new LevelContext(level, seed, pruning, strategy, model, createFresh, rewindStep, rewind, dense, previous, current);
            StoredLevel trained;
            WeightSnapshot? captured;
            using (var start = method.Start(context))
                trained = Levels.Train(model, data, level, method.Name, start, out captured);
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
