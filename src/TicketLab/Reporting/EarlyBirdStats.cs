using TicketLab.Lottery;
using TicketLab.Store;

namespace TicketLab.Reporting;

/// <summary>Early-bird tickets of one replicate group and level over its seeds, beside IMP's ticket at the same level: how often the stop
/// rule fired, where, the optimiser steps each needed to its mask, and both tickets' test accuracy, paired by seed.</summary>
/// <remarks>Steps, not seconds, are the cost figure: they do not move with what else shares the cores. IMP's steps to its level-L mask are
/// the dense training's and every earlier ticket's (epochs trained × steps per epoch; one-shot: the dense training's alone); the
/// early-bird's are its search's. Both then train their ticket once more, so the saving is the difference.</remarks>
public sealed record EarlyBirdStats(
    GroupSummary Group,
    int Level,
    double RemainingOfAll,
    int Seeds,
    int Fired,                          // runs whose stop rule fired (the others searched to the end of training)
    Stat StopEpoch,                     // dense epochs the early-bird mask needed
    Stat BirdSteps,
    Stat ImpSteps,
    Stat StepShare,                     // early-bird ÷ IMP steps to the mask, per seed
    Stat BirdSeconds,                   // the search's wall time
    Stat ImpSeconds,                    // IMP's wall time to its mask
    Stat BirdTest,
    Stat TicketTest,
    PairedComparison TicketMinusBird)
{
    /// <summary>Each seed's search: the run, its seed and the draw with every mask check.</summary>
    public IReadOnlyList<(string Run, int Seed, EarlyBirdDraw Draw)> Draws { get; init; } = [];

    /// <summary>Every early-bird level of the groups, read from each run's level results (the store holds no search record); a run
    /// whose early-bird or IMP result is missing or does not verify is left out of that level.</summary>
    public static IReadOnlyList<EarlyBirdStats> Of(IEnumerable<GroupSummary> groups, string runsDir) =>
        (from g in groups
         from level in g.Levels.Where(l => l.Method == EarlyBirdMethod.Id).Select(l => l.Level).Distinct().Order()
         select Of(g, level, runsDir)).OfType<EarlyBirdStats>().ToList();

    private static EarlyBirdStats? Of(GroupSummary g, int level, string runsDir)
    {
        bool iterative = g.Hparams.Pruning.Mode == PruningMode.Iterative;
        var seeds = g.Group.Runs.Select(run => Read(run, Path.Combine(runsDir, run.Name), level, iterative)).OfType<Seed>().ToList();
        if (seeds.Count == 0) return null;
        Stat Over(Func<Seed, double> figure) => Stat.Of(seeds.Select(figure));
        return new EarlyBirdStats(g, level, g.Levels.First(l => l.Level == level && l.Method == EarlyBirdMethod.Id).RemainingOfAll.Mean, seeds.Count,
            seeds.Count(s => s.Draw.Drawn), Over(s => s.Draw.Epochs), Over(s => s.Draw.Step), Over(s => s.ImpSteps),
            Over(s => (double)s.Draw.Step / s.ImpSteps), Over(s => s.Draw.SearchSeconds), Over(s => s.ImpSeconds),
            Over(s => s.Bird.Training.Test.Accuracy), Over(s => s.Ticket.Training.Test.Accuracy),
            g.Compare(level, Methods.Ticket, EarlyBirdMethod.Id, r => r.Test.Accuracy)) { Draws = [.. seeds.Select(s => (s.Run.Name, s.Run.Seed, s.Draw))] };
    }

    private static Seed? Read(RunRecord run, string runDir, int level, bool iterative)
    {
        if (FolderLevelStore.TryReadResult(runDir, level, EarlyBirdMethod.Id) is not { EarlyBird: { } draw } bird) return null;
        if (FolderLevelStore.TryReadResult(runDir, level, Methods.Ticket) is not { } ticket) return null;
        var earlier = Enumerable.Range(1, iterative ? level - 1 : 0).Select(l => FolderLevelStore.TryReadResult(runDir, l, Methods.Ticket)).ToList();
        if (earlier.Any(t => t is null)) return null;
        return new Seed(run, draw, bird, ticket, draw.DenseSteps + earlier.Sum(t => (long)t!.Training.Epochs.Count * draw.StepsPerEpoch),
            draw.DenseSeconds + earlier.Sum(t => t!.Training.Seconds));
    }

    private sealed record Seed(RunRecord Run, EarlyBirdDraw Draw, LevelResult Bird, LevelResult Ticket, long ImpSteps, double ImpSeconds);
}
