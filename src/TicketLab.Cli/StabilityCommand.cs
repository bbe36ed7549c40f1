using System.CommandLine;
using Spectre.Console;
using TicketLab.Hparams;
using TicketLab.Lottery;
using TicketLab.Runs;

namespace TicketLab.Cli;

/// <summary>`ticketlab stability`: instability analysis (linear mode connectivity) of finished runs' dense networks and tickets: runs named
/// with --run, or every run of a study file with --study.</summary>
internal static class StabilityCommand
{
    public static Command Create()
    {
        var common = new CommonOptions(RunKind.Lottery, "cnn");   // no settings: the run's own; only where data and runs live, threads, offline
        var run = new Option<string[]>("--run")
        {
            Description = "the finished run: its folder (runs/<name>) or its name under --runs-dir; repeat it for several (e.g. a rewind sweep's runs and seeds), with --out",
            Arity = ArgumentArity.OneOrMore,
        };
        var study = new Option<string?>("--study")
        {
            Description = "a study file (YAML): every finished run of it under --runs-dir, and a summary per cell (runs differing only in rewind point and seed) " +
                          "in --out [default: <runs-dir>/stability/<study name>]; unfinished runs are left out and named; not with --run",
        };
        var outDir = new Option<string?>("--out") { Description = "with several --run or --study: the folder for the tables and plots over all of them (each run's own go to its stability/ folder)" };
        var rewind = new Option<string?>("--rewind") { Description = "rewind points to train the copies from, e.g. 0,1%,2%,5% (0, <k>it, <k>ep or <p>% of training) [default: the run's own]" };
        var levels = new Option<string?>("--levels") { Description = "levels to measure, e.g. 0,3 (0: the dense network, else that level's ticket) [default: 0 and the run's last level]" };
        var points = new Option<int>("--points") { Description = "points on each path, both ends included", DefaultValueFactory = _ => InstabilityAnalysis.DefaultPoints };
        var command = new Command("stability", "Instability analysis: train two copies of the dense network and of tickets from each rewind point with different data orders, " +
                                               "and report the error barrier along the straight path between them (Frankle et al. 2020); finished pairs are skipped.");
        foreach (var o in new Option[] { run, study, outDir, rewind, levels, points, common.RunsDir, common.DataDir, common.Threads, common.Offline }) command.Options.Add(o);
        command.SetAction(r =>
        {
            var settings = StabilitySettings.Parse(r.GetValue(rewind), r.GetValue(levels), r.GetValue(points));
            var runs = r.GetValue(run) ?? [];
            return (r.GetValue(study), runs.Length) switch
            {
                ({ }, > 0) => throw new SettingsException("--study cannot be given with --run: the study names its runs"),
                ({ } file, _) => Study(r, common, StudyFile.Load(file), settings, r.GetValue(outDir)),
                (null, 0) => throw new SettingsException("give the runs to analyse: --run RUN (repeatable) or --study FILE"),
                _ => Runs(r, common, runs, settings, r.GetValue(outDir)),
            };
        });
        return command;
    }

    private static int Runs(ParseResult r, CommonOptions common, string[] runs, StabilitySettings settings, string? outDir)
    {
        if (runs.Length > 1 && outDir is null) throw new SettingsException("several --run need --out DIR: where the tables and plots over all of them go");
        var dirs = runs.Select(name => Path.GetFullPath(RunLevelOptions.RunDir(name, r.GetValue(common.RunsDir)!))).ToList();
        if (dirs.GroupBy(d => d).FirstOrDefault(g => g.Count() > 1) is { } twice) throw new SettingsException($"--run names {twice.Key} twice");
        using var progress = new ConsoleProgress(RecordedHparams.OfRun(dirs[0]).Training.Epochs);
        var options = common.Options(r, progress);
        var analyses = dirs.Select(d => new StabilityRun(d, settings, options)).ToList();
        foreach (var a in analyses) a.Validate();
        var outcomes = new List<StabilityOutcome>();
        foreach (var analysis in analyses)
        {
            Announce(progress, analysis);
            outcomes.Add(progress.Wrap(analysis.Run));
        }
        var markdown = outcomes.Count == 1 ? outcomes[0].Markdown
            : TicketLab.Reporting.StabilityReport.Write(outDir!, $"{outcomes.Count} runs", [.. outcomes.SelectMany(o => o.Pairs)]);
        Done(markdown, outcomes, outcomes.Count == 1 ? outcomes[0].Dir : outDir!);
        return 0;
    }

    private static int Study(ParseResult r, CommonOptions common, StudyFile file, StabilitySettings settings, string? outDir)
    {
        using var progress = new ConsoleProgress(file.Runs().Max(h => h.Training.Epochs));
        var analysis = new StabilityStudy(file, settings, common.Options(r, progress));
        analysis.Validate();
        var outcome = progress.Wrap(() => analysis.Run(outDir ?? analysis.DefaultDir, a => Announce(progress, a)));
        foreach (var missing in outcome.Missing) Console.Error.WriteLine($"warning: run {missing} of study {file.Name} is not finished: left out; rerun once it is");
        Done(outcome.Markdown, outcome.Runs, outcome.Dir);
        return 0;
    }

    private static void Announce(ConsoleProgress progress, StabilityRun analysis) =>
        progress.Log($"instability of run {analysis.RunName}: rewind {string.Join(", ", analysis.Rewinds)} × levels {string.Join(", ", analysis.Levels)} → {analysis.Dir}");

    private static void Done(string markdown, IReadOnlyList<StabilityOutcome> outcomes, string dir)
    {
        AnsiConsole.WriteLine();
        Console.Write(markdown);
        AnsiConsole.WriteLine();
        AnsiConsole.MarkupLineInterpolated($"{outcomes.Sum(o => o.Trained)} pairs trained, {outcomes.Sum(o => o.Reused)} already done; tables and plots written to [bold]{dir}[/]");
    }
}
