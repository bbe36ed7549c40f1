namespace TicketLab.Lottery;

/// <summary>A run's units and what each waits for: a chain level (dense, ticket) builds on the chain level its ticket is pruned
/// from; a baseline needs its level's ticket (its mask), so the baselines of a level can train in parallel.</summary>
public static class LevelUnits
{
    /// <summary>Every unit a finished run of these settings holds, in the order one process trains them.</summary>
    public static IReadOnlyList<LevelUnit> Plan(PruningHparams pruning) =>
        LotteryMethods.Plan(pruning).Select(p => new LevelUnit(p.Level, p.Method.Name)).ToList();

    /// <summary>The unit that must be done before <paramref name="unit"/> can start, or null (the dense network needs nothing).</summary>
    public static LevelUnit? After(LevelUnit unit, PruningHparams pruning)
    {
        var method = LotteryMethods.Find(unit.Method) ?? throw new ArgumentException($"unknown method '{unit.Method}'");
        if (unit.Level == 0) return method.ExtendsChain ? null : Chain(0, pruning); // the dense-rewind control restarts from the dense run
        if (!method.ExtendsChain) return Chain(unit.Level, pruning);
        // a chain is pruned from its own level before (iterative: the ticket from the last ticket, fine-tune and lr-rewind from
        // their own) or from the dense network (one-shot, and every chain's first level)
        return pruning.Mode == PruningMode.Iterative && unit.Level > 1 ? unit with { Level = unit.Level - 1 } : Chain(0, pruning);
    }

    /// <summary>The units a run walks through to train <paramref name="unit"/>: the dense network, what the unit builds on (and what
    /// that was pruned from) and the unit itself; all but the unit must be finished.</summary>
    public static IReadOnlySet<LevelUnit> Needs(LevelUnit unit, PruningHparams pruning)
    {
        var needs = new HashSet<LevelUnit> { unit, Chain(0, pruning) };
        for (var u = After(unit, pruning); u is not null && needs.Count < 4; u = After(u, pruning)) needs.Add(u);
        return needs;
    }

    private static LevelUnit Chain(int level, PruningHparams pruning) =>
        LotteryMethods.All.Where(m => m.ExtendsChain && m.Trains(level, pruning)).Select(m => new LevelUnit(level, m.Name)).FirstOrDefault()
        ?? throw new InvalidOperationException($"no chain method trains level {level}");
}
