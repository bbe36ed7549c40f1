using System.CommandLine;
using TicketLab.Reporting;
using TicketLab.Store;

namespace TicketLab.Cli;

/// <summary>`ticketlab report`: the study's tables, plots and one HTML page, built from the runs folder's results store.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var runsDir = RunsDirArgument.Create();
        var outDir = new Option<string?>("--out") { Description = "where the report goes (default: RUNS_DIR/report)" };
        var noIndex = new Option<bool>("--no-index") { Description = "report the store as it is, without indexing run folders it lacks" };
        var command = new Command("report", "Write the study report: per-dataset tables (Markdown, CSV, mean ± std and 95% CI over seeds), paired ticket − baseline tests, per-seed raw CSVs, a one-page summary (summary.md), accuracy and training-curve plots (PNG), and report.html.");
        command.Arguments.Add(runsDir);
        command.Options.Add(outDir);
        command.Options.Add(noIndex);
        var storeOption = CommonOptions.StoreOption();
        command.Options.Add(storeOption);
        command.SetAction(r =>
        {
            var dir = RunsDirArgument.Existing(r.GetValue(runsDir)!);
            var location = CommonOptions.StoreFor(r, storeOption, dir);
            using var store = ResultsStore.OpenForReading(location); // reads only: a snapshot of the SQLite file, or the server
            if (!r.GetValue(noIndex) && !location.IsPostgres) store.ImportAll(onlyStale: true); // runs from before the store, or copied in (in memory)
            foreach (var problem in store.Problems) Console.Error.WriteLine($"warning: {problem}");
            var target = Path.GetFullPath(r.GetValue(outDir) ?? Path.Combine(dir, "report"));
            Report report;
            try { report = new ReportBuilder(store).Build(target); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw StorageException.CannotWrite(target, e); // a read-only or full disk: one line naming the folder
            }
            foreach (var warning in report.Warnings) Console.Error.WriteLine($"warning: {warning}");
            Console.WriteLine($"{report.Tables.Count} tables and {report.Plots.Count} plots in {report.OutDir}");
            Console.WriteLine($"open {report.HtmlPath}");
            return 0;
        });
        return command;
    }
}
