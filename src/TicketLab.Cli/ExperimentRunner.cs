using System.CommandLine;
using Spectre.Console;
using TicketLab.Experiments;
using TicketLab.Lottery;

namespace TicketLab.Cli;

/// <summary>parse → hparams → library call → render; no training logic here.</summary>
internal static class ExperimentRunner
{
    public static int Execute(CommonOptions common, ParseResult r, PruningHparams pruning)
    {
        var hparams = common.Bind(r, pruning);
        using var progress = new ConsoleProgress(hparams.Training.Epochs);
        var experiment = new Experiment(hparams, common.Options(r, progress));
        experiment.Validate();
        progress.Log($"run {experiment.RunName} → {experiment.RunDir}");
        var outcome = progress.Wrap(experiment.Run);
        AnsiConsole.WriteLine();
        Console.Write(outcome.Markdown);
        AnsiConsole.WriteLine();
        AnsiConsole.MarkupLineInterpolated($"tables written to [bold]{Path.Combine(outcome.RunDir, "results.md")}[/] and [bold]results.csv[/]");
        return 0;
    }
}
