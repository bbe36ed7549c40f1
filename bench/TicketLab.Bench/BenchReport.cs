using System.Globalization;
using System.Text;

namespace TicketLab.Bench;

/// <summary>The harness's figures: each goal as a ratio, with the absolute times it came from; why the PyTorch reference did not run, if it did not.</summary>
public sealed record BenchReport(IReadOnlyList<BenchFigure> Figures, string? ReferenceSkipped = null)
{
    public BenchFigure this[string id] => Figures.First(f => f.Id == id);

    public string ToMarkdown()
    {
        var sb = new StringBuilder("| id | what | value | goal | from |\n|---|---|---|---|---|\n");
        foreach (var f in Figures)
            sb.Append(CultureInfo.InvariantCulture, $"| {f.Id} | {f.What} | {f.Value:F3} | {f.Goal} | {f.Detail} |\n");
        return sb.ToString();
    }
}

/// <summary>One measured figure.</summary>
public sealed record BenchFigure(string Id, string What, double Value, string Goal, string Detail);
