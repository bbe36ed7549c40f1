using System.Diagnostics;
using System.Security.Cryptography;
using TicketLab.Store;
using TicketLab.Tests.Cli;

namespace TicketLab.Tests.Cluster;

/// <summary>Smoke-sized studies on the ag_news fixture, worker processes, and what two runs folders must share to count as the same results.</summary>
internal static class StudyRuns
{
    /// <summary>A study file in <paramref name="dir"/>: the ag_news fixture, a tiny TextCNN, one run per seed.</summary>
    public static string Write(string dir, string seeds = "1", int epochs = 2, int levels = 1, string baselines = "random-prune", int train = 120,
        int embedding = 16, int filters = 8, int batch = 32)
    {
        var path = Path.Combine(dir, "study.yaml");
        File.WriteAllText(path, $$"""
            name: smoke
            seeds: [{{seeds}}]
            defaults:
              data: { max-train-examples: {{train}}, max-eval-examples: 60, max-length: 60, max-vocab: 2000 }
              model: { embedding-dim: {{embedding}}, filters: {{filters}} }
              training: { epochs: {{epochs}}, batch-size: {{batch}} }
              pruning: { levels: {{levels}}, rate: 0.5, baselines: {{(baselines.Contains(',') ? $"[{baselines}]" : baselines)}} }
            grid:
              dataset: [ag_news]
              model: [cnn]
            """);
        File.WriteAllText(path + ".args", string.Join('\n', (string[])[
            "lottery", "--dataset", "ag_news", "--model", "cnn", "--seeds", seeds.Replace(" ", ""), "--max-train-examples", $"{train}",
            "--max-eval-examples", "60", "--max-length", "60", "--max-vocab", "2000", "--embedding-dim", $"{embedding}", "--filters", $"{filters}",
            "--epochs", $"{epochs}", "--batch-size", $"{batch}", "--levels", $"{levels}", "--rate", "0.5", "--baselines", baselines]));
        return path;
    }

    /// <summary>`ticketlab worker` on one thread (one process's results do not depend on how many others run).</summary>
    public static ProcessStartInfo Worker(string study, string runs, string? store = null) =>
        CliProcess.StartInfo(["worker", study, "--runs-dir", runs, "--data-dir", TestData.Fixtures, "--threads", "1",
            .. store is null ? Array.Empty<string>() : ["--store", store]]);

    /// <summary>The reference: the same runs by `ticketlab lottery`, one process walking each run whole, as before there were units.</summary>
    public static void RunAlone(string study, string runs)
    {
        var r = CliProcess.Run([.. File.ReadAllLines(study + ".args"), "--runs-dir", runs, "--data-dir", TestData.Fixtures, "--threads", "1"]);
        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
    }

    /// <summary>Every run's levels and epochs as the store holds them, and the SHA-256 of every mask and weights file, by run-relative path.</summary>
    public static (List<string> Levels, SortedDictionary<string, string> Files) Results(ResultsStore store)
    {
        var levels = new List<string>();
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var run in store.Runs())
        {
            foreach (var l in store.Levels(run.Name))
            {
                var epochs = store.Epochs(run.Name, l.Level, l.Method).Select(e => $"{e.Train.Loss:R}/{e.Validation.Loss:R}");
                levels.Add($"{run.Name} {l.Level} {l.Method} {l.Sparsity:R} {l.Test.Accuracy:R} {l.Test.Loss:R} {l.BestEpoch} {string.Join(",", epochs)}");
            }
            var dir = Path.Combine(store.RunsDir, run.Name);
            foreach (var f in Directory.EnumerateFiles(dir, "*.*", SearchOption.AllDirectories).Where(f => f.EndsWith(".mask") || f.EndsWith(".weights")))
                files[Path.GetRelativePath(store.RunsDir, f)] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)));
        }
        return (levels, files);
    }

    /// <summary>Waits for a process, failing the test with its output when it does not exit in time.</summary>
    public static (int ExitCode, string Stdout, string Stderr) Finish(Process p, Task<string> stdout, Task<string> stderr, int minutes = 3)
    {
        if (!p.WaitForExit(TimeSpan.FromMinutes(minutes)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"worker {p.Id} did not finish");
        }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
