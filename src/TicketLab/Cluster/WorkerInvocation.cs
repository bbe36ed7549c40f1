using System.Reflection;

namespace TicketLab.Cluster;

/// <summary>The command line each array task runs: <c>ticketlab worker STUDY --runs-dir DIR --store URL …</c>, with absolute paths so it
/// means the same on every node that mounts the shared folder.</summary>
/// <param name="Program">the ticketlab command: an executable, or <c>dotnet</c> and the CLI's dll.</param>
/// <param name="Study">the study file.</param>
/// <param name="RunsDir">the shared runs folder.</param>
/// <param name="Store">the store's URL, as the workers are given it.</param>
/// <param name="DataDir">the data folder; null: the worker looks where the CLI always does.</param>
/// <param name="Threads">null: the worker takes SLURM_CPUS_PER_TASK.</param>
/// <param name="Offline">never download.</param>
public sealed record WorkerInvocation(IReadOnlyList<string> Program, string Study, string RunsDir, string Store, string? DataDir = null, int? Threads = null, bool Offline = false)
{
    /// <summary>Every word of the command, program first.</summary>
    public IReadOnlyList<string> Arguments()
    {
        var args = new List<string>(Program) { "worker", Path.GetFullPath(Study), "--runs-dir", Path.GetFullPath(RunsDir), "--store", Store };
        if (DataDir is not null) args.AddRange(["--data-dir", Path.GetFullPath(DataDir)]);
        if (Threads is { } t) args.AddRange(["--threads", t.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (Offline) args.Add("--offline");
        return args;
    }

    /// <summary>The command that started this process: its executable, or <c>dotnet</c> and the entry dll when run through <c>dotnet x.dll</c>.</summary>
    public static IReadOnlyList<string> CurrentProgram()
    {
        var exe = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this process is unknown");
        return Path.GetFileNameWithoutExtension(exe) == "dotnet" && Assembly.GetEntryAssembly()?.Location is { Length: > 0 } dll ? [exe, dll] : [exe];
    }
}
