using System.CommandLine;
using Spectre.Console;
using TicketLab.Experiments;

namespace TicketLab.Cli;

/// <summary>`ticketlab run STUDY.yaml`: every cell of a study, skipping what is done.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var study = new Argument<string>("study") { Description = "a study file (YAML), e.g. experiments/quick.yaml" };
        var runsDir = new Option<string>("--runs-dir") { Description = "where run folders go", DefaultValueFactory = _ => "runs" };
        var dataDir = new Option<string?>("--data-dir") { Description = "data directory (else $TICKETLAB_DATA, else the per-user cache)" };
        var threads = new Option<int?>("--threads") { Description = "libtorch intra-op threads" };
        var offline = new Option<bool>("--offline") { Description = "never download a dataset" };
        var command = new Command("run", "Run a study file: a grid of datasets × models × pruning settings × seeds; finished runs are skipped.") { study };
        foreach (var o in new Option[] { runsDir, dataDir, threads, offline }) command.Options.Add(o);
        command.SetAction(r =>
        {
            var file = StudyFile.Load(r.GetValue(study)!);
            using var progress = new ConsoleProgress(file.Runs().Max(h => h.Training.Epochs));
            var options = new ExperimentOptions(r.GetValue(dataDir), r.GetValue(runsDir)!, r.GetValue(threads), progress, progress, progress.Log,
                CommonOptions.DownloaderFor(r.GetValue(offline), progress));
            progress.Log($"study {file.Name}: {file.Cells.Count} cells × {file.Seeds.Count} seeds = {file.Runs().Count()} runs into {r.GetValue(runsDir)}");
            var outcomes = progress.Wrap(() => new Study(file, options).Run((i, n, e) => progress.Log($"[{i}/{n}] {e.RunName}")));
            AnsiConsole.MarkupLineInterpolated($"study {file.Name}: {outcomes.Count} runs done; `ticketlab report {r.GetValue(runsDir)}` writes the tables and plots");
            return 0;
        });
        return command;
    }
}
