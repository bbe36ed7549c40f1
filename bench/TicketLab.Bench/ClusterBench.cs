using System.Diagnostics;
using TicketLab.Data;
using TicketLab.Lottery;
using TicketLab.Runs;
using TicketLab.Store;

namespace TicketLab.Bench;

/// <summary>Issue 14's figures: how long one claim (claim + complete, one transaction each) takes on each store, and the wall time of a
/// study of <see cref="Units"/> units on one worker against two workers sharing it.</summary>
public static class ClusterBench
{
    /// <summary>2 seeds × (dense + 2 levels × (ticket, random-prune)).</summary>
    public const int Units = 10;

    /// <summary>Mean milliseconds of claim + complete over <paramref name="claims"/> units (one-shot, so all claimable at once).</summary>
    public static double ClaimMilliseconds(StoreLocation location, int claims = 300)
    {
        using var store = ResultsStore.Open(location);
        var pruning = new PruningHparams(Mode: PruningMode.OneShot, Targets: string.Join(",", Enumerable.Range(1, 9).Select(i => $"0.{i}")), Baselines: Baselines.None);
        var runs = new List<string>();
        for (int i = 0; runs.Count * 10 < claims; i++)
        {
            var run = $"bench-{Guid.NewGuid():N}";
            runs.Add(run);
            store.RegisterUnits(run, LevelUnits.Plan(pruning).Select(u => (u, LevelUnits.After(u, pruning))));
        }
        var me = LeaseHolder.NewWorker();
        var watch = Stopwatch.StartNew();
        int n = 0;
        while (n < claims && store.Claim(runs, me, TimeSpan.FromMinutes(5)) is { } c)
        {
            store.Complete(c);
            n++;
        }
        return watch.Elapsed.TotalMilliseconds / n;
    }

    /// <summary>Seconds to finish the smoke study with <paramref name="workers"/> in-process workers in a fresh runs folder.</summary>
    public static double StudySeconds(string dataDir, int workers, int trainExamples)
    {
        var dir = Directory.CreateTempSubdirectory("ticketlab-bench-").FullName;
        try
        {
            var path = Path.Combine(dir, "study.yaml");
            File.WriteAllText(path, $$"""
                name: bench
                seeds: [1, 2]
                defaults:
                  data: { max-train-examples: {{trainExamples}}, max-eval-examples: 200, max-length: 100, max-vocab: 5000 }
                  training: { epochs: 2, batch-size: 32 }
                  pruning: { levels: 2, rate: 0.5, baselines: random-prune }
                grid:
                  dataset: [ag_news_test_as_corpus]
                  model: [cnn]
                """);
            var options = new ExperimentOptions(dataDir, Path.Combine(dir, "runs"), Threads: Math.Max(1, Environment.ProcessorCount / workers),
                Downloader: Downloader.Offline) { Workers = workers };
            var watch = Stopwatch.StartNew();
            var outcome = StudyWorker.RunMany(StudyFile.Load(path), options, workers);
            if (outcome.ExitCode != 0) throw new InvalidOperationException($"the bench study did not finish: {outcome.FirstError?.Message}");
            return watch.Elapsed.TotalSeconds;
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    /// <summary>Runs both figures and prints them; PostgreSQL only when <paramref name="postgres"/> names a server.</summary>
    public static void Run(string dataDir, string? postgres, int trainExamples, Action<string> log)
    {
        var dir = Directory.CreateTempSubdirectory("ticketlab-bench-").FullName;
        try
        {
            log($"claim + complete, SQLite: {ClaimMilliseconds(StoreLocation.Sqlite(dir)):F2} ms");
            if (postgres is not null) log($"claim + complete, PostgreSQL: {ClaimMilliseconds(StoreLocation.Parse(postgres, dir)):F2} ms");
        }
        finally { Directory.Delete(dir, recursive: true); }
        StudySeconds(dataDir, 1, trainExamples); // warm-up at the same size: JIT, libtorch, and the encoded-data cache of these splits
        double one = StudySeconds(dataDir, 1, trainExamples), two = StudySeconds(dataDir, 2, trainExamples);
        log($"study of {Units} units ({trainExamples} train examples): 1 worker {one:F1} s, 2 workers {two:F1} s, ratio {one / two:F2}");
    }
}
