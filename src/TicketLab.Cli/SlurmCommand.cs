using System.CommandLine;
using TicketLab.Cluster;
using TicketLab.Hparams;
using TicketLab.Runs;
using TicketLab.Store;

namespace TicketLab.Cli;

/// <summary>`ticketlab slurm STUDY.yaml`: writes (and with --submit, submits) the study's job array; its workers share the store.</summary>
internal static class SlurmCommand
{
    public static Command Create()
    {
        var study = new Argument<string>("study") { Description = "a study file (YAML), e.g. experiments/quick.yaml" };
        var common = new CommonOptions(RunKind.Any, "cnn");
        var store = CommonOptions.StoreOption();
        store.Description = $"the PostgreSQL store every worker shares, postgresql://USER@HOST[:PORT]/DATABASE (else ${StoreLocation.Variable}); keep the password in ~/.pgpass: the script holds this URL";
        var workers = new Option<int?>("--workers") { Description = $"array tasks, one worker each, 1 to {SlurmJob.MaxWorkers} (default: the study's number of runs)" };
        var throttle = new Option<int?>("--throttle") { Description = "at most this many tasks run at once (the array's % limit; default: no limit)" };
        var partition = new Option<string?>("--partition") { Description = "Slurm partition(s), comma-separated (default: the cluster's)" };
        var time = new Option<string?>("--time") { Description = "time limit per task: minutes, M:S, H:M:S, D-H, D-H:M or D-H:M:S (default: the partition's); a requeued task starts a fresh one" };
        var cpus = new Option<int>("--cpus-per-task") { Description = "CPUs per task; each worker runs that many libtorch threads unless --threads", DefaultValueFactory = _ => 1 };
        var mem = new Option<string?>("--mem") { Description = "memory per task (sbatch --mem), e.g. 4G (default: the partition's)" };
        var gres = new Option<string?>("--gres") { Description = "generic resources, e.g. gpu:1 (TicketLab trains on CPUs; for sites that require it)" };
        var account = new Option<string?>("--account") { Description = "the account charged (default: yours)" };
        var qos = new Option<string?>("--qos") { Description = "quality of service (default: the account's)" };
        var signalBefore = new Option<string?>("--signal-before") { Description = "how long before the time limit Slurm asks each worker to checkpoint and stop, in --time's forms (default: 5 minutes, at most a quarter of --time); longer than one epoch" };
        var program = new Option<string?>("--ticketlab") { Description = "the ticketlab command the tasks run: a path every node sees, or a name on their PATH (default: the one running now)" };
        var submit = new Option<bool>("--submit") { Description = "submit the script with sbatch and print the job id" };
        common.Threads.Description = "libtorch intra-op threads per worker (default: --cpus-per-task, which each task finds in $SLURM_CPUS_PER_TASK)";
        var command = new Command("slurm", "Write a Slurm job-array script for a study: each array task runs one `ticketlab worker`, the workers share the study's units through a PostgreSQL store and the runs folder (shared by every node); a task signalled before its time limit checkpoints, leaves its unit to the others and is requeued.") { study };
        foreach (var o in new Option[] { common.RunsDir, store, workers, throttle, partition, time, cpus, mem, gres, account, qos, signalBefore, common.DataDir, common.Threads, common.Offline, program, submit })
            command.Options.Add(o);
        command.SetAction(r =>
        {
            var file = StudyFile.Load(r.GetValue(study)!);
            var runs = r.GetValue(common.RunsDir)!;
            var location = StoreLocation.Resolve(r.GetValue(store), runs);
            if (!location.IsPostgres)
                throw new SettingsException($"{StoreLocation.Option} must name a PostgreSQL server (postgresql://USER@HOST/DATABASE) that every node reaches: SQLite is not safe on a shared file system");
            var job = SlurmJob.For(file) with
            {
                Workers = r.GetValue(workers) ?? SlurmJob.For(file).Workers,
                Throttle = r.GetValue(throttle),
                Partition = r.GetValue(partition),
                Time = r.GetValue(time) is { } t ? SlurmTime.Parse(t, "--time") : null,
                CpusPerTask = r.GetValue(cpus),
                Mem = r.GetValue(mem),
                Gres = r.GetValue(gres),
                Account = r.GetValue(account),
                Qos = r.GetValue(qos),
                SignalBefore = r.GetValue(signalBefore) is { } s ? SlurmTime.Parse(s, "--signal-before") : null,
            };
            var worker = new WorkerInvocation(
                r.GetValue(program) is { } p ? [p.Contains('/') ? Path.GetFullPath(p) : p] : WorkerInvocation.CurrentProgram(),
                file.Path, runs, location.Url!.OriginalString, r.GetValue(common.DataDir), ThreadCount.Validate(r.GetValue(common.Threads)), r.GetValue(common.Offline));
            var path = SlurmScript.ForStudy(job.Validate(), worker).Write();
            Console.WriteLine(path);
            if (r.GetValue(submit)) Console.WriteLine(Sbatch.Submit(path));
            return 0;
        });
        return command;
    }
}
