using System.CommandLine;
using System.CommandLine.Help;
using TicketLab;
using TicketLab.Cli;

// A named root, not RootCommand: its name would be the assembly's (TicketLab.Cli) in every usage line.
var root = new Command("ticketlab", "TicketLab: find lottery tickets (sparse trainable subnetworks) in text classifiers.")
{
    Options = { new HelpOption(), new VersionOption() },
};
// --help shows each setting's default for the model named on the same line (BERT's differ), so read --model before parsing.
var model = ModelArgument(args);
root.Subcommands.Add(TrainCommand.Create(model));
root.Subcommands.Add(LotteryCommand.Create(model));
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(WorkerCommand.Create());
root.Subcommands.Add(TransferCommand.Create(model));
root.Subcommands.Add(StabilityCommand.Create());
root.Subcommands.Add(DatasetsCommand.Create());
root.Subcommands.Add(RunsCommand.Create());
root.Subcommands.Add(ReportCommand.Create());
root.Subcommands.Add(SlurmCommand.Create());
root.Subcommands.Add(PredictCommand.Create());
root.Subcommands.Add(ExportCommand.Create());

var parsed = root.Parse(args.Length == 0 ? ["--help"] : args);        // bare `ticketlab` shows what it can do
if (parsed.Errors.Count > 0)
{
    foreach (var e in parsed.Errors) Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}
try
{
    // Our own handler below maps user errors to exit code 2 with one line, not a stack trace.
    return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (e is UserException or ArgumentException or FormatException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}
catch (TicketLab.Training.NonFiniteLossException e)
{
    Console.Error.WriteLine($"error: {e.Message}; the run is marked failed");
    return 1;
}

static string ModelArgument(string[] args)
{
    for (int i = 0; i < args.Length; i++)
    {
        if (args[i] == "--model" && i + 1 < args.Length) return args[i + 1];
        if (args[i].StartsWith("--model=", StringComparison.Ordinal)) return args[i]["--model=".Length..];
    }
    return new TicketLab.Models.ModelHparams().Name;
}
