using TicketLab.Hparams;
using TicketLab.Lottery;
using TicketLab.Reporting;
using TicketLab.Store;
using TicketLab.Tests.Data;
using TicketLab.Tests.Store;

namespace TicketLab.Tests.Reporting;

public class ReportTableTests
{
    private const string Hostile = "csv:/data/<script>alert(1)</script>|a`b\nc.csv";

    [Fact]
    public void MarkdownCellsShowDataAsWrittenNotAsMarkupOrHtml()
    {
        var table = new ReportTable(["Dataset", "Acc."], [[Hostile, "87.50%"]]);
        var md = table.ToMarkdown().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, md.Length); // the newline did not break the row
        Assert.Equal("| csv:/data/&lt;script&gt;alert(1)&lt;/script&gt;\\|a\\`b c.csv | 87.50% |", md[2]);
        Assert.DoesNotContain("<script>", table.ToHtml());
        Assert.Contains("&lt;script&gt;", table.ToHtml());
        Assert.Equal("\"csv:/data/<script>alert(1)</script>|a`b\nc.csv\",87.50%", CsvRow(table)); // CSV quotes instead
    }

    private static string CsvRow(ReportTable table) => table.ToCsv()[(table.ToCsv().IndexOf('\n') + 1)..].TrimEnd('\n', '\r');

    [Fact]
    public void CodeColumnsAndFooterRowsKeepTheirMarkup()
    {
        var table = new ReportTable(["Prunable tensor", "Weights"], [["conv.weight", "1,200"]], Footer: [["all prunable", "1,200"]], Code: new HashSet<int> { 0 });
        Assert.Equal("| Prunable tensor | Weights |\n|---|---|\n| `conv.weight` | 1,200 |\n| **all prunable** | 1,200 |\n", table.ToMarkdown().ReplaceLineEndings("\n"));
        Assert.Contains("<td><code>conv.weight</code></td>", table.ToHtml());
        Assert.Contains("<tfoot>\n<tr><th>all prunable</th><td>1,200</td></tr>", table.ToHtml());
    }

    [Fact]
    public void ReportMarkdownEscapesADatasetPathFromTheStore()
    {
        using var dir = new TempDir();
        using var store = ResultsStore.Open(dir.Path);
        var h = FakeRuns.Hparams(1, dataset: "csv:/data/<b>x</b>|y.csv");
        var name = RunIdentity.Name(h);
        store.UpsertRun(RunRecord.Start(h, name, DateTimeOffset.UtcNow));
        store.RecordLevel(name, FakeRuns.Level(0, Methods.Dense, 0.85));
        store.RecordLevel(name, FakeRuns.Level(1, Methods.Ticket, 0.86));
        using var outDir = new TempDir();
        var report = new ReportBuilder(store).Build(outDir.Path);
        var md = File.ReadAllText(report.MarkdownPath);
        Assert.DoesNotContain("<b>", md);
        Assert.Contains("## csv:/data/&lt;b&gt;x&lt;/b&gt;\\|y.csv", md);
        Assert.Contains("| csv:/data/&lt;b&gt;x&lt;/b&gt;\\|y.csv |", md); // the runs table's dataset cell
        Assert.DoesNotContain("<b>", File.ReadAllText(report.HtmlPath));
    }
}
