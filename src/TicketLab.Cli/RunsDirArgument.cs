using System.CommandLine;

namespace TicketLab.Cli;

/// <summary>The optional RUNS_DIR argument of report and runs, checked to exist before anything is written.</summary>
internal static class RunsDirArgument
{
    public static Argument<string> Create() => new("RUNS_DIR")
    {
        Description = "the runs folder (holding run folders and ticketlab.db)",
        DefaultValueFactory = _ => "runs",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public static string Existing(string dir) =>
        Directory.Exists(dir) ? dir : throw new ArgumentException($"no runs folder at {Path.GetFullPath(dir)}; pass the folder given to --runs-dir");
}
