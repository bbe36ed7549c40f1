using System.CommandLine;
using Spectre.Console;
using TicketLab.Runs;

namespace TicketLab.Cli;

/// <summary>parse → hparams → library call → render; no training logic here.</summary>
internal static class ExperimentRunner
{
    public static int Execute(CommonOptions common, ParseResult r)
    {
        var hparams = common.Bind(r);
        var seeds = common.SeedList(r, hparams);
        using var progress = new ConsoleProgress(hparams.Training.Epochs);
        var replicates = new Replicates(hparams, seeds, common.Options(r, progress));
        replicates.Validate();
        if (seeds.Count == 1)
        {
            var experiment = replicates.Experiments[0];
            progress.Log($"run {experiment.RunName} → {experiment.RunDir}");
            var outcome = progress.Wrap(experiment.Run);
            Print(outcome.Markdown, Path.Combine(outcome.RunDir, "results.md"));
            return 0;
        }
        progress.Log($"{seeds.Count} replicates (seeds {string.Join(", ", seeds)}): {string.Join(", ", replicates.Experiments.Select(e => e.RunName))}");
        var summary = progress.Wrap(replicates.Run);
        Print(summary, Path.Combine(replicates.SummaryDir, "summary.md"));
        return 0;
    }

    private static void Print(string markdown, string path)
    {
        AnsiConsole.WriteLine();
        Console.Write(markdown);
        AnsiConsole.WriteLine();
        AnsiConsole.MarkupLineInterpolated($"tables written to [bold]{path}[/] (and .csv beside it)");
    }
}
