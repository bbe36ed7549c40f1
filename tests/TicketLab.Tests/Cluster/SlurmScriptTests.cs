using System.Diagnostics;
using TicketLab.Cluster;
using TicketLab.Hparams;
using TicketLab.Tests.Data;

namespace TicketLab.Tests.Cluster;

/// <summary>The job-array script, run by bash without Slurm: a stand-in worker and a stand-in scontrol show what the trap does.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")] // bash and Slurm are Linux tools
public sealed class SlurmScriptTests : IDisposable
{
    private readonly TempDirs _dirs = new();

    public void Dispose() => _dirs.Dispose();

    private static WorkerInvocation Worker(string program, string runs) => new([program], "study.yaml", runs, "postgresql://tl@db.example:5432/tl");

    [Fact]
    public void AsksForOneTaskPerWorkerWithItsOwnOutputRequeueAndTheEarlySignal()
    {
        var runs = _dirs.New();
        var job = new SlurmJob { Name = "ticketlab-quick", Workers = 4, Throttle = 2, Time = SlurmTime.Parse("2:00:00"), CpusPerTask = 3, Mem = "4G", Partition = "cpu" };
        var script = SlurmScript.ForStudy(job, Worker("/opt/tl/ticketlab", runs));
        var directives = script.Text().Split('\n').Where(l => l.StartsWith("#SBATCH ")).Select(l => l["#SBATCH ".Length..]).ToList();
        Assert.Equal(
            ["--job-name=ticketlab-quick", "--array=0-3%2", $"--output={Path.Combine(runs, "slurm", "logs")}/ticketlab-quick_%A_%a.out", "--open-mode=append",
             "--requeue", "--signal=B:USR1@300", "--cpus-per-task=3", "--partition=cpu", "--time=0-02:00:00", "--mem=4G"],
            directives);
        var path = script.Write();
        Assert.Equal(Path.Combine(runs, "slurm", "ticketlab-quick.sbatch"), path);
        Assert.True(Directory.Exists(Path.Combine(runs, "slurm", "logs")), "sbatch does not create the output folder");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(path)); // it holds the store's address
        Assert.Equal(0, Bash("-n", path).ExitCode);
    }

    [Fact]
    public void TheWorkerLineIsTheWorkerInvocationWordForWord()
    {
        var runs = Path.Combine(_dirs.New(), "runs");
        var worker = new WorkerInvocation(["/opt/tl/ticketlab"], "my study's.yaml", runs, "postgresql://tl@db/tl?x=$HOME", DataDir: "/data/with space", Threads: 4, Offline: true);
        var line = SlurmScript.ForStudy(new SlurmJob(), worker).Text().Split('\n').Single(l => l.StartsWith("/opt/tl/ticketlab "));
        var echoed = Bash("-c", "printf '%s\\n' " + line[..^" &".Length]).Stdout.TrimEnd('\n').Split('\n');
        Assert.Equal(worker.Arguments(), echoed);
        Assert.Equal(["/opt/tl/ticketlab", "worker", Path.GetFullPath("my study's.yaml"), "--runs-dir", runs, "--store", "postgresql://tl@db/tl?x=$HOME",
                      "--data-dir", "/data/with space", "--threads", "4", "--offline"], worker.Arguments());
    }

    [Theory]
    [InlineData("USR1", true)]  // Slurm's early warning: requeue to finish the work
    [InlineData("TERM", false)] // scancel or preemption: the worker stops cleanly, and a cancel stays a cancel
    public void ASignalReachesTheWorkerAndOnlyTheEarlyWarningRequeues(string signal, bool requeued)
    {
        var (script, dir) = ScriptWithFakes($"trap 'echo got {signal} >> \"{{0}}/worker.log\"; exit {SlurmScript.StoppedExitCode}' {signal}");
        using var bash = Start(script, dir);
        WaitFor(Path.Combine(dir, "ready"));
        Assert.Equal(0, Bash("-c", $"kill -s {signal} {bash.Id}").ExitCode);
        Assert.True(bash.WaitForExit(TimeSpan.FromSeconds(30)), "the script did not end after its worker stopped");
        Assert.Equal($"got {signal}", File.ReadAllText(Path.Combine(dir, "worker.log")).Trim());
        Assert.Equal(requeued ? 0 : SlurmScript.StoppedExitCode, bash.ExitCode);
        Assert.Equal(requeued ? "requeue 4242" : null, File.Exists(Path.Combine(dir, "scontrol.log")) ? File.ReadAllText(Path.Combine(dir, "scontrol.log")).Trim() : null);
    }

    [Fact]
    public void AWorkerKilledByTheSignalBeforeItListensIsRequeuedToo()
    {
        var (script, dir) = ScriptWithFakes(""); // bash's default for USR1: die of it, as a worker still starting up does
        using var bash = Start(script, dir);
        WaitFor(Path.Combine(dir, "ready"));
        Assert.Equal(0, Bash("-c", $"kill -s USR1 {bash.Id}").ExitCode);
        Assert.True(bash.WaitForExit(TimeSpan.FromSeconds(30)), "the script did not end after its worker died");
        Assert.Equal(0, bash.ExitCode);
        Assert.Equal("requeue 4242", File.ReadAllText(Path.Combine(dir, "scontrol.log")).Trim());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(137)] // killed (out of memory, SIGKILL) without a signal from Slurm: not a stop, left to the lease takeover
    public void AWorkerThatEndsForAnyOtherReasonIsNotRequeued(int code)
    {
        var (script, dir) = ScriptWithFakes($"exit {code}");
        using var bash = Start(script, dir);
        Assert.True(bash.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Equal(code, bash.ExitCode);
        Assert.False(File.Exists(Path.Combine(dir, "scontrol.log")));
    }

    [Fact]
    public void RefusesARunsFolderThatSbatchDirectivesCannotHold()
    {
        var runs = Path.Combine(_dirs.New(), "my runs");
        var e = Assert.Throws<SettingsException>(() => SlurmScript.ForStudy(new SlurmJob(), Worker("/opt/tl/ticketlab", runs)).Write());
        Assert.StartsWith("--runs-dir: Slurm cannot write output under", e.Message);
        Assert.False(Directory.Exists(runs));
    }

    /// <summary>A script whose worker runs <paramref name="body"/> ({0}: the folder) after marking itself ready, and an scontrol that logs its arguments.</summary>
    private (string Script, string Dir) ScriptWithFakes(string body)
    {
        var dir = _dirs.New();
        var worker = Path.Combine(dir, "fake-worker");
        File.WriteAllText(worker, $"#!/bin/bash\n{string.Format(body, dir)}\ntouch \"{dir}/ready\"\nfor i in $(seq 600); do sleep 0.1; done\nexit 0\n");
        File.WriteAllText(Path.Combine(dir, "scontrol"), $"#!/bin/bash\necho \"$*\" >> \"{dir}/scontrol.log\"\n");
        foreach (var f in new[] { worker, Path.Combine(dir, "scontrol") }) File.SetUnixFileMode(f, (UnixFileMode)0b111_101_101);
        return (SlurmScript.ForStudy(new SlurmJob(), Worker(worker, Path.Combine(dir, "runs"))).Write(), dir);
    }

    private static Process Start(string script, string dir)
    {
        var psi = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true };
        psi.ArgumentList.Add(script);
        psi.Environment["PATH"] = dir + ":" + Environment.GetEnvironmentVariable("PATH");
        psi.Environment["SLURM_JOB_ID"] = "4242";
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        return p;
    }

    private static void WaitFor(string file)
    {
        var watch = Stopwatch.StartNew();
        while (!File.Exists(file))
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException($"{file} never appeared");
            Thread.Sleep(20);
        }
    }

    private static (int ExitCode, string Stdout) Bash(params string[] args)
    {
        var psi = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout);
    }
}
