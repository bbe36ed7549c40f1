using System.CommandLine;
using TicketLab.Reporting;
using TicketLab.Store;

namespace TicketLab.Cli;

/// <summary>`ticketlab runs`: every run in a runs folder with its state (done, running, failed, partial) and its ticket figures, chosen on validation.</summary>
internal static class RunsCommand
{
    public static Command Create()
    {
        var runsDir = RunsDirArgument.Create();
        var import = new Option<string[]>("--import") { Description = "index these run folders into the store (and nothing else), then list", AllowMultipleArgumentsPerToken = true };
        var reindex = new Option<bool>("--reindex") { Description = "re-read every run folder into the store (after moving or copying runs in)" };
        var noIndex = new Option<bool>("--no-index") { Description = "list the store as it is, without looking at run folders" };
        var units = new Option<bool>("--units") { Description = "list the units workers share instead: per (run, level, method) done, running (host, since), waiting or failed" };
        var storeOption = CommonOptions.StoreOption();
        var command = new Command("runs", "List the runs of a runs folder: state, dense test accuracy, the ticket level chosen by validation accuracy (its test accuracy and % of all parameters remaining) and the sparsest matching ticket.");
        command.Arguments.Add(runsDir);
        foreach (var o in new Option[] { import, reindex, noIndex, units, storeOption }) command.Options.Add(o);
        command.SetAction(r =>
        {
            // parse → store → table; indexing reads the run folders' own files. Only --import and --reindex write the
            // store; a plain listing reads a snapshot of it (and any stale run folders) in memory, so it works read-only
            var location = CommonOptions.StoreFor(r, storeOption, r.GetValue(runsDir)!);
            var dir = location.IsPostgres ? Path.GetFullPath(r.GetValue(runsDir)!) : RunsDirArgument.Existing(r.GetValue(runsDir)!);
            var only = r.GetValue(import) ?? [];
            bool writes = only.Length > 0 || r.GetValue(reindex);
            using var store = writes ? ResultsStore.Open(location) : ResultsStore.OpenForReading(location);
            if (r.GetValue(units))
            {
                Console.Write(UnitsTable.From(store, DateTimeOffset.UtcNow).ToMarkdown());
                return 0;
            }
            if (only.Length > 0) foreach (var d in only) store.Import(File.Exists(Path.Combine(d, "run.json")) ? d : throw new ArgumentException($"{d} is not a run folder: it has no run.json"));
            else if (!r.GetValue(noIndex) && (writes || !location.IsPostgres)) store.ImportAll(onlyStale: !r.GetValue(reindex)); // a server is read, never written, by a listing
            Console.Write(RunsTable.From(store, DateTimeOffset.UtcNow).ToMarkdown());
            foreach (var problem in store.Problems) Console.WriteLine(problem);
            return 0;
        });
        return command;
    }
}
