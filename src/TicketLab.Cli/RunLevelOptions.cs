using System.CommandLine;
using TicketLab.Inference;

namespace TicketLab.Cli;

/// <summary>The options that pick a trained network of a run: --run (a run folder, or a run name under --runs-dir), --level, --method.</summary>
internal sealed class RunLevelOptions
{
    public Option<string> Run { get; } = new("--run") { Description = "the run: its folder (runs/<name>) or its name under --runs-dir", Required = true };
    public Option<string> RunsDir { get; } = new("--runs-dir") { Description = "where run folders are", DefaultValueFactory = _ => "runs" };
    public Option<int?> Level { get; }
    public Option<string?> Method { get; } = new("--method") { Description = "which network of the level: ticket (default), dense at level 0, or a baseline (random-prune, …)" };

    public RunLevelOptions(string levelDescription) => Level = new("--level") { Description = levelDescription };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { Run, RunsDir, Level, Method }) command.Options.Add(o);
    }

    /// <summary>The chosen network, loaded and verified; a missing run or level is a one-line error.</summary>
    public TrainedModel Load(ParseResult r) => TrainedModel.Load(RunDir(r), r.GetValue(Level), r.GetValue(Method));

    /// <summary>The run folder --run names (a folder with a run.json, else a name under --runs-dir).</summary>
    public string RunDir(ParseResult r) => RunDir(r.GetValue(Run)!, r.GetValue(RunsDir)!);

    /// <summary>The run folder <paramref name="run"/> names: a folder with a run.json, else a run name under <paramref name="runsDir"/>.</summary>
    public static string RunDir(string run, string runsDir)
    {
        var dir = File.Exists(Path.Combine(run, "run.json")) ? run : Path.Combine(runsDir, run);
        return Directory.Exists(dir) ? dir : throw new ArgumentException($"--run {run}: no run folder at {Path.GetFullPath(run)} nor {Path.GetFullPath(dir)}");
    }
}
