using System.Diagnostics;

namespace TicketLab.Tests.Cluster;

/// <summary>The Slurm cluster the tests submit to (scripts/cluster/slurm-up.sh starts a one-node one): is it there, and Slurm's own
/// commands to watch and signal jobs.</summary>
internal static class SlurmCluster
{
    /// <summary>Skips the test when no Slurm node answers, or fails it under <see cref="PostgresServer.RequireVariable"/> (CI).</summary>
    public static void Require()
    {
        string? why;
        try
        {
            var (code, stdout, stderr) = Run("sinfo", "-h", "-o", "%T");
            why = code != 0 ? $"sinfo failed: {stderr.Trim()}"
                : stdout.Split('\n').Any(s => s.Trim().TrimEnd('*') is "idle" or "mixed" or "allocated") ? null
                : $"no Slurm node is up (sinfo: {stdout.Trim()})";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            why = "Slurm is not installed (no sinfo)";
        }
        if (why is null) return;
        why += "; start a one-node cluster with scripts/cluster/slurm-up.sh (as root)";
        if (Environment.GetEnvironmentVariable(PostgresServer.RequireVariable) is "1" or "true")
            throw new InvalidOperationException($"{PostgresServer.RequireVariable} is set and {why}");
        throw new SkipException(why);
    }

    /// <summary>Waits until no task of <paramref name="job"/> is queued or running; cancels it and fails on timeout.</summary>
    public static void WaitUntilGone(string job, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (Run("squeue", "-h", "-j", job, "-o", "%i").Stdout.Trim().Length > 0)
        {
            if (watch.Elapsed > timeout)
            {
                Run("scancel", job);
                throw new TimeoutException($"Slurm job {job} did not finish in {timeout}");
            }
            Thread.Sleep(500);
        }
    }

    /// <summary>Polls <paramref name="condition"/> every 20 ms; fails after <paramref name="timeout"/> with <paramref name="what"/>.</summary>
    public static T WaitFor<T>(Func<T?> condition, TimeSpan timeout, string what) where T : class
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (condition() is { } found) return found;
            if (watch.Elapsed > timeout) throw new TimeoutException($"{what} did not happen in {timeout}");
            Thread.Sleep(20);
        }
    }

    public static (int Code, string Stdout, string Stderr) Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout, stderr.Result);
    }
}
