using System.Diagnostics;
using TicketLab.Data;
using TicketLab.Runs;

namespace TicketLab.Bench;

/// <summary>P9: a study's wall time with shared dense levels ÷ the same study training every dense level itself, at reduced size.</summary>
public static class StudyBench
{
    public static BenchReport Run(string studyPath, BenchOptions o, Action<string> log)
    {
        if (o.Threads is { } t) TorchSharp.torch.set_num_threads(t);
        var file = StudyFile.Load(studyPath);
        var reduced = file with
        {
            Cells = file.Cells.Select(c => c with { Data = c.Data with { MaxTrainExamples = o.TrainExamples, MaxEvalExamples = Math.Max(32, o.TrainExamples / 4) } }).ToList(),
        };
        var dataDir = DataDirectory.Resolve(o.DataDir);
        foreach (var data in reduced.Cells.Select(c => c.Data).Distinct()) DatasetRegistry.LoadEncoded(data, dataDir, Downloader.Offline); // neither side pays encoding
        log($"{file.Name}: {reduced.Runs().Count()} runs, {o.TrainExamples} train examples each");

        var (without, runs) = Time(reduced, o.DataDir, share: false, log);
        var (with, _) = Time(reduced, o.DataDir, share: true, log);

        // the most sharing can save: every dense level trained once per unit instead of once per run, by training epochs;
        // the dense-rewind control sits at level 0 too but depends on the rewind point, so it is not shared
        long all = runs.Sum(r => r.Levels.Sum(l => (long)l.Training.Epochs.Count));
        long dense = runs.Sum(r => (long)r.Levels.Where(l => l.Method == Lottery.Methods.Dense).Sum(l => l.Training.Epochs.Count));
        int units = reduced.Runs().Select(h => h with { Pruning = new() }).Distinct().Count();
        double bound = (all - dense + (double)dense * units / runs.Count) / all;
        return new BenchReport(
        [
            new("P9", $"study wall time with shared dense levels ÷ without ({file.Name}, {o.TrainExamples} train examples)", with / without, "≤ 0.75",
                $"{with:F1} s vs {without:F1} s; {runs.Count} runs share {units} dense levels; dense levels are {100.0 * dense / all:F1}% of the training epochs, so the best possible ratio is {bound:F3}"),
        ]);
    }

    private static (double Seconds, IReadOnlyList<ExperimentOutcome> Runs) Time(StudyFile study, string dataDir, bool share, Action<string> log)
    {
        var runs = Directory.CreateTempSubdirectory("ticketlab-bench-study").FullName;
        try
        {
            var watch = Stopwatch.StartNew();
            var outcomes = new Study(study, new ExperimentOptions(dataDir, runs, Downloader: Downloader.Offline, ShareLevels: share)).Run();
            log($"{(share ? "with" : "without")} shared dense levels: {watch.Elapsed.TotalSeconds:F1} s");
            return (watch.Elapsed.TotalSeconds, outcomes);
        }
        finally
        {
            Directory.Delete(runs, recursive: true);
        }
    }
}
