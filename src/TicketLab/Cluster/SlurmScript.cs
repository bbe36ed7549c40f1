using System.Text;
using TicketLab.Hparams;
using TicketLab.Runs;

namespace TicketLab.Cluster;

/// <summary>The batch script of a study's job array: one <c>ticketlab worker</c> per task, each task's output in its own file, requeued
/// (by its own trap) when the worker stopped on Slurm's early signal (USR1) with work left; on SIGTERM (scancel, preemption) the
/// worker stops the same way but the script leaves any requeue to Slurm, so a cancel stays a cancel.</summary>
/// <param name="Job">what the array asks of Slurm.</param>
/// <param name="Worker">what each task runs.</param>
/// <param name="LogDir">where each task's output goes, as <c>NAME_%A_%a.out</c> (job id, task index).</param>
public sealed record SlurmScript(SlurmJob Job, WorkerInvocation Worker, string LogDir)
{
    /// <summary>The worker's exit code for "stopped on request with work left": the trap requeues the task on it.</summary>
    public const int StoppedExitCode = WorkerOutcome.StoppedExitCode;

    /// <summary>Where <c>ticketlab slurm</c> puts a study's script: <c>RUNS/slurm/STUDY.sbatch</c>, logs in <c>RUNS/slurm/logs/</c>.</summary>
    public static SlurmScript ForStudy(SlurmJob job, WorkerInvocation worker) =>
        new(job, worker, Path.Combine(Path.GetFullPath(worker.RunsDir), "slurm", "logs"));

    /// <summary>The script's path beside its logs.</summary>
    public string DefaultPath => Path.Combine(Path.GetDirectoryName(LogDir)!, Job.Name + ".sbatch");

    /// <summary>The script's text; the job's settings are validated first.</summary>
    /// <exception cref="SettingsException">A bad job setting, or a path sbatch's directives cannot hold.</exception>
    public string Text()
    {
        Job.Validate();
        var logs = Path.GetFullPath(LogDir);
        // #SBATCH lines are not read by a shell, so no quoting can protect a space; '%' would be read as a file-name pattern.
        if (logs.Any(c => char.IsWhiteSpace(c) || c is '%' or '\\' or '"' or '\''))
            throw new SettingsException($"--runs-dir: Slurm cannot write output under {logs} (no spaces, quotes, '%' or '\\' in the path)");
        var sb = new StringBuilder();
        sb.Append("#!/bin/bash\n");
        sb.Append($"# Job array for TicketLab: {Job.Workers} worker(s) share the study's units through the store (written by `ticketlab slurm`).\n");
        sb.Append("# Submit: sbatch THIS-FILE    Watch: squeue --me; ticketlab runs RUNS-DIR --units --store URL\n");
        Directive("job-name", Job.Name);
        Directive("array", Job.Throttle is { } t ? $"0-{Job.Workers - 1}%{t}" : $"0-{Job.Workers - 1}");
        Directive("output", Path.Combine(logs, $"{Job.Name}_%A_%a.out"));
        Directive("open-mode", "append"); // a requeued task adds to its file instead of overwriting the first attempt's log
        Directive("requeue", null);
        Directive("signal", $"B:USR1@{(int)Job.SignalLead.TotalSeconds}");
        Directive("cpus-per-task", Job.CpusPerTask.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (Job.Partition is { } p) Directive("partition", p);
        if (Job.Time is { } time) Directive("time", time.ToString());
        if (Job.Mem is { } mem) Directive("mem", mem);
        if (Job.Gres is { } gres) Directive("gres", gres);
        if (Job.Account is { } account) Directive("account", account);
        if (Job.Qos is { } qos) Directive("qos", qos);
        sb.Append($$"""

            # B: signals only this shell, so pass the signal on; the worker checkpoints its epoch, releases its unit and exits {{StoppedExitCode}}.
            worker= signalled=
            forward() { signalled=$1; [ -n "$worker" ] && kill -s "$1" "$worker" 2>/dev/null; }
            trap 'forward USR1' USR1
            trap 'forward TERM' TERM

            echo "task ${SLURM_ARRAY_JOB_ID:-?}_${SLURM_ARRAY_TASK_ID:-?} on $(hostname) (restart ${SLURM_RESTART_COUNT:-0}), ${SLURM_CPUS_PER_TASK:-?} CPUs"
            {{string.Join(' ', Worker.Arguments().Select(Quote))}} &
            worker=$!
            [ -n "$signalled" ] && kill -s "$signalled" "$worker" 2>/dev/null # the signal came before the worker did
            # wait returns early when a trapped signal arrives; wait again until the worker itself has exited
            while wait "$worker"; status=$?; kill -0 "$worker" 2>/dev/null; do :; done
            # {{StoppedExitCode}}: stopped with work left; killed by the signal itself: it came before the worker listened (a unit it held is orphaned
            # and taken over at once). TERM is scancel, preemption or the limit itself: the worker stops, and Slurm's policy decides on a requeue.
            if [ "$signalled" != TERM ] && { [ "$status" -eq {{StoppedExitCode}} ] || { [ -n "$signalled" ] && [ "$status" -gt 128 ]; }; }; then
              echo "worker stopped with work left: requeueing task ${SLURM_ARRAY_JOB_ID:-?}_${SLURM_ARRAY_TASK_ID:-?}"
              scontrol requeue "$SLURM_JOB_ID" && exit 0
            fi
            exit "$status"

            """.Replace("\r\n", "\n"));
        return sb.ToString();

        void Directive(string name, string? value) => sb.Append(value is null ? $"#SBATCH --{name}\n" : $"#SBATCH --{name}={value}\n");
    }

    /// <summary>Writes the script (atomically, readable by its owner only: it holds the store's address) and creates the log folder.</summary>
    public string Write(string? path = null)
    {
        path = Path.GetFullPath(path ?? DefaultPath);
        var text = Text();
        Directory.CreateDirectory(LogDir); // sbatch does not create it, and a task whose output cannot open fails without a word
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFile.WriteAllText(path, text);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>A word as bash reads it back unchanged: bare when it holds only safe characters, else single-quoted.</summary>
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "/._-:=@,+".Contains(c)) ? word : "'" + word.Replace("'", "'\\''") + "'";
}
