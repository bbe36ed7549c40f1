using System.CommandLine;
using Spectre.Console;
using TicketLab.Hparams;
using TicketLab.Runs;

namespace TicketLab.Cli;

/// <summary>`ticketlab run STUDY.yaml`: every cell of a study, skipping what is done.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var study = new Argument<string>("study") { Description = "a study file (YAML), e.g. experiments/quick.yaml" };
        var common = new CommonOptions(RunKind.Any, "cnn");   // a study file holds the hparams: only where data and runs live, threads and offline come from here
        var workers = new Option<int?>("--workers")
        {
            Description = "workers training units of the study at once in this process, each with its share of the threads; " +
                          "other processes running the same study (or `ticketlab worker`) share the work too " +
                          "(default: 2 when the study has 2 runs or more and the machine 2 cores or more, else 1)",
        };
        var command = new Command("run", "Run a study file: a grid of datasets × models × pruning settings × seeds; finished runs are skipped.") { study };
        foreach (var o in new Option[] { common.RunsDir, common.DataDir, common.Store, workers, common.Threads, common.Offline }) command.Options.Add(o);
        command.SetAction(r =>
        {
            var file = StudyFile.Load(r.GetValue(study)!);
            int n = r.GetValue(workers) ?? WorkerCount.Default(file);
            if (n < 1 || n > Environment.ProcessorCount)
                throw new SettingsException($"--workers must be between 1 and {Environment.ProcessorCount}, this machine's processor count (got {n})");
            using var progress = new ConsoleProgress(file.Runs().Max(h => h.Training.Epochs), live: n == 1);
            var threads = r.GetValue(common.Threads) is { } t ? ThreadCount.Validate(t) : n > 1 ? ThreadCount.ForWorker(null, n) : null;
            var options = common.Options(r, progress, threads) with { Workers = n };
            var runs = r.GetValue(common.RunsDir);
            progress.Log($"study {file.Name}: {file.Cells.Count} cells × {file.Seeds.Count} seeds = {file.Runs().Count()} runs into {runs}");
            var outcomes = progress.Wrap(() => new Study(file, options).Run((i, n, e) => progress.Log($"[{i}/{n}] {e.RunName}")));
            AnsiConsole.MarkupLineInterpolated($"study {file.Name}: {outcomes.Count} runs done; `ticketlab report {runs}` writes the tables and plots");
            return 0;
        });
        return command;
    }
}
