using System.CommandLine;
using Spectre.Console;
using TicketLab.Hparams;
using TicketLab.Lottery;
using TicketLab.Runs;

namespace TicketLab.Cli;

/// <summary>`ticketlab stability`: instability analysis (linear mode connectivity) of a finished run's dense network and tickets.</summary>
internal static class StabilityCommand
{
    public static Command Create()
    {
        var common = new CommonOptions(RunKind.Lottery, "cnn");   // no settings: the run's own; only where data and runs live, threads, offline
        var run = new Option<string>("--run") { Description = "the finished run: its folder (runs/<name>) or its name under --runs-dir", Required = true };
        var rewind = new Option<string?>("--rewind") { Description = "rewind points to train the copies from, e.g. 0,1%,2%,5% (0, <k>it, <k>ep or <p>% of training) [default: the run's own]" };
        var levels = new Option<string?>("--levels") { Description = "levels to measure, e.g. 0,3 (0: the dense network, else that level's ticket) [default: 0 and the run's last level]" };
        var points = new Option<int>("--points") { Description = "points on each path, both ends included", DefaultValueFactory = _ => InstabilityAnalysis.DefaultPoints };
        var command = new Command("stability", "Instability analysis: train two copies of the dense network and of tickets from each rewind point with different data orders, " +
                                               "and report the error barrier along the straight path between them (Frankle et al. 2020); finished pairs are skipped.");
        foreach (var o in new Option[] { run, rewind, levels, points, common.RunsDir, common.DataDir, common.Threads, common.Offline }) command.Options.Add(o);
        command.SetAction(r =>
        {
            var settings = StabilitySettings.Parse(r.GetValue(rewind), r.GetValue(levels), r.GetValue(points));
            var runDir = RunLevelOptions.RunDir(r.GetValue(run)!, r.GetValue(common.RunsDir)!);
            using var progress = new ConsoleProgress(RecordedHparams.OfRun(runDir).Training.Epochs);
            var analysis = new StabilityRun(runDir, settings, common.Options(r, progress));
            analysis.Validate();
            progress.Log($"instability of run {analysis.RunName}: rewind {string.Join(", ", analysis.Rewinds)} × levels {string.Join(", ", analysis.Levels)} → {analysis.Dir}");
            var outcome = progress.Wrap(analysis.Run);
            AnsiConsole.WriteLine();
            Console.Write(outcome.Markdown);
            AnsiConsole.WriteLine();
            AnsiConsole.MarkupLineInterpolated($"{outcome.Trained} pairs trained, {outcome.Reused} already done; tables and plots written to [bold]{outcome.Dir}[/]");
            return 0;
        });
        return command;
    }
}
