using System.CommandLine;
using Spectre.Console;
using TicketLab.Runs;

namespace TicketLab.Cli;

/// <summary>parse → hparams → library call → render; no training logic here.</summary>
internal static class ExperimentRunner
{
    public static int Execute(CommonOptions common, ParseResult r)
    {
        var sweep = common.BindSweep(r);
        var seeds = common.SeedList(r, sweep[0]);
        using var progress = new ConsoleProgress(sweep[0].Training.Epochs);
        var options = common.Options(r, progress) with { RewindSweep = sweep.Count > 1 ? [.. sweep.Select(h => h.Pruning.Rewind)] : [] };
        var all = sweep.Select(h => new Replicates(h, seeds, options)).ToList();
        foreach (var replicates in all) replicates.Validate();
        if (all.Count > 1) // a rewind sweep: one run per point, in the order given; the first trains the dense level the others reuse
            progress.Log($"{all.Count} rewind points ({string.Join(", ", sweep.Select(h => h.Pruning.Rewind))}): {string.Join(", ", all.SelectMany(a => a.Experiments).Select(e => e.RunName))}");
        foreach (var replicates in all) Run(replicates, seeds, progress);
        return 0;
    }

    private static void Run(Replicates replicates, IReadOnlyList<int> seeds, ConsoleProgress progress)
    {
        if (seeds.Count == 1)
        {
            var experiment = replicates.Experiments[0];
            progress.Log($"run {experiment.RunName} → {experiment.RunDir}");
            var outcome = progress.Wrap(experiment.Run);
            Print(outcome.Markdown, Path.Combine(outcome.RunDir, "results.md"));
            return;
        }
        progress.Log($"{seeds.Count} replicates (seeds {string.Join(", ", seeds)}): {string.Join(", ", replicates.Experiments.Select(e => e.RunName))}");
        var summary = progress.Wrap(replicates.Run);
        Print(summary, Path.Combine(replicates.SummaryDir, "summary.md"));
    }

    private static void Print(string markdown, string path)
    {
        AnsiConsole.WriteLine();
        Console.Write(markdown);
        AnsiConsole.WriteLine();
        AnsiConsole.MarkupLineInterpolated($"tables written to [bold]{path}[/] (and .csv beside it)");
    }
}
