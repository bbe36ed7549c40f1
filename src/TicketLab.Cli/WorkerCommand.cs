using System.CommandLine;
using TicketLab.Hparams;
using TicketLab.Runs;

namespace TicketLab.Cli;

/// <summary>`ticketlab worker STUDY.yaml`: one worker of a study; run as many as there are CPUs or Slurm array tasks.</summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var study = new Argument<string>("study") { Description = "a study file (YAML); every worker of a study is given the same one" };
        var common = new CommonOptions(RunKind.Any, "cnn");
        var command = new Command("worker",
            "Work on a study with other workers (processes, machines, Slurm array tasks): claim the next unit (run, level, method) in the " +
            "results store, train it, repeat until none is left. Exit 0: the study is done; 1: units failed; 3: stopped by SIGTERM, " +
            "SIGUSR1 or SIGINT with work left (the unit in hand resumes from its checkpoint on the next start).") { study };
        foreach (var o in new Option[] { common.RunsDir, common.DataDir, common.Store, common.Threads, common.Offline }) command.Options.Add(o);
        common.Threads.Description = $"libtorch intra-op threads, 1 to {Environment.ProcessorCount} (default: ${ThreadCount.SlurmVariable} when set, else all cores)";
        command.SetAction(r =>
        {
            var file = StudyFile.Load(r.GetValue(study)!);
            using var progress = new ConsoleProgress(file.Runs().Max(h => h.Training.Epochs), live: false);
            var options = common.Options(r, progress, ThreadCount.ForWorker(r.GetValue(common.Threads)));
            using var stop = new CancellationTokenSource();
            using var signals = StopSignals.Register(stop, progress.Log);
            progress.Log($"worker pid {Environment.ProcessId} on {Environment.MachineName}: study {file.Name} in {options.RunsDir}, store {options.StoreLocation}, {options.Threads} threads");
            var outcome = new StudyWorker(file, options).Run(stop.Token);
            progress.Log($"worker: {outcome.Trained} units trained; {outcome.Left} of the study not done ({outcome.Failed} failed){(outcome.Stopped ? "; stopped" : "")}");
            if (outcome.FirstError is { } e) Console.Error.WriteLine($"error: {e.Message.ReplaceLineEndings(" ")}");
            return outcome.ExitCode;
        });
        return command;
    }
}
