namespace TicketLab.Lottery;

/// <summary>The registry of methods, in the order a level trains them and reports show them: the chain (dense, ticket), then the baselines.</summary>
public static class LotteryMethods
{
    // the pruning-at-initialisation masks the ablations take apart; declared first, as static fields initialise in order
    private static readonly PruneAtInitMethod Snip = new SnipMethod(), Grasp = new GraspMethod(), Synflow = new SynflowMethod(), MagnitudeInit = new MagnitudeInitMethod();

    public static IReadOnlyList<LotteryMethod> All { get; } =
    [
        new DenseMethod(),
        new DenseRewindMethod(),
        new TicketMethod(),
        new RandomPruneMethod(),
        new RandomReinitMethod(),
        new FineTuneMethod(),
        new EarlyBirdMethod(), // before lr-rewind, as its flag: --baselines lists its words in flag order
        new LrRewindMethod(),
        Snip,
        Grasp,
        Synflow,
        MagnitudeInit,
        new RandomUniformMethod(),
        new RandomErkMethod(),
        new ShuffleMethod(Snip, Baselines.SnipShuffle),
        new ReinitMethod(Snip, Baselines.SnipReinit),
        new ShuffleMethod(Grasp, Baselines.GraspShuffle),
        new ReinitMethod(Grasp, Baselines.GraspReinit),
        new ShuffleMethod(Synflow, Baselines.SynflowShuffle),
        new ReinitMethod(Synflow, Baselines.SynflowReinit),
        new ShuffleMethod(MagnitudeInit, Baselines.MagnitudeInitShuffle),
        new ReinitMethod(MagnitudeInit, Baselines.MagnitudeInitReinit),
    ];

    /// <summary>The methods --baselines switches on, in registry order.</summary>
    public static IEnumerable<LotteryMethod> Optional => All.Where(m => m.Baseline is not null);

    /// <summary>The method of a name, or null.</summary>
    public static LotteryMethod? Find(string name) => All.FirstOrDefault(m => m.Name == name);

    /// <summary>Position in <see cref="All"/>; an unknown name comes after them all.</summary>
    public static int Rank(string name) => All.Select(m => m.Name).ToList().IndexOf(name) is var i && i >= 0 ? i : All.Count;

    /// <summary>Every (level, method) a finished run of these settings holds, in the order a run trains them.</summary>
    public static IEnumerable<(int Level, LotteryMethod Method)> Plan(PruningHparams pruning) =>
        from level in Enumerable.Range(0, pruning.LevelCount + 1)
        from method in All
        where method.Trains(level, pruning)
        select (level, method);
}
