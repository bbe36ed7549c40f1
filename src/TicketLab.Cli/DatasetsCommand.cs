using System.CommandLine;
using TicketLab.Data;

namespace TicketLab.Cli;

/// <summary>`ticketlab datasets`: which known datasets the data folder holds, their split sizes, class balance and file checks.</summary>
internal static class DatasetsCommand
{
    public static Command Create()
    {
        var dataDir = new Option<string?>("--data-dir") { Description = "data directory (else $TICKETLAB_DATA, else the per-user cache)" };
        var command = new Command("datasets", "List the known datasets: where each was found (or where to put it), split sizes, class balance and md5 checks. Never downloads.");
        command.Options.Add(dataDir);
        command.SetAction(r =>
        {
            // parse → library call → render
            var dir = DataDirectory.Resolve(r.GetValue(dataDir));
            Console.WriteLine($"Data directory: {dir}");
            Console.WriteLine();
            Console.Write(Render(DatasetRegistry.Describe(dir)));
            Console.WriteLine();
            Console.WriteLine($"Own data: --dataset {string.Join(" | ", DatasetRegistry.Prefixes.Select(p => p + ":PATH"))}");
            return 0;
        });
        return command;
    }

    internal static string Render(IReadOnlyList<DatasetInfo> infos)
    {
        var rows = new List<string[]> { new[] { "dataset", "status", "train", "validation", "test", "classes" } };
        foreach (var i in infos)
            rows.Add(i.Found
                ? [i.Name, "found", .. i.Splits.Select(s => s.Count.ToString("N0")), string.Join(", ", i.ClassNames)]
                : [i.Name, "missing", "-", "-", "-", "-"]);
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var text = new System.Text.StringBuilder();
        foreach (var (row, index) in rows.Select((r, k) => (r, k)))
        {
            text.AppendLine(string.Join("  ", row.Select((cell, c) => c is >= 2 and <= 4 ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]))).TrimEnd());
            if (index == 0) text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        }
        foreach (var i in infos)
        {
            text.AppendLine().AppendLine($"{i.Name}: {i.Description}");
            if (!i.Found) { text.AppendLine($"  {i.Location}"); continue; }
            text.AppendLine($"  from {i.Location}");
            foreach (var s in i.Splits)
                text.AppendLine($"  {s.Name,-10} {s.Count,9:N0}  {string.Join("  ", s.PerClass.Select((n, c) => $"{i.ClassNames[c]} {n:N0}"))}");
            foreach (var check in i.Checks) text.AppendLine($"  {check}");
            if (i.Skipped > 0) text.AppendLine($"  {i.Skipped:N0} bad rows skipped");
        }
        return text.ToString();
    }
}
