using System.CommandLine;
using System.CommandLine.Help;
using TicketLab;
using TicketLab.Cli;

// A named root, not RootCommand: its name would be the assembly's (TicketLab.Cli) in every usage line.
var root = new Command("ticketlab", "TicketLab: find lottery tickets (sparse trainable subnetworks) in text classifiers.")
{
    Options = { new HelpOption(), new VersionOption() },
};
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(LotteryCommand.Create());
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(TransferCommand.Create());
root.Subcommands.Add(DatasetsCommand.Create());
root.Subcommands.Add(RunsCommand.Create());
root.Subcommands.Add(ReportCommand.Create());

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
