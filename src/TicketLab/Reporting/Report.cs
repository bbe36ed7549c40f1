namespace TicketLab.Reporting;

/// <summary>What a report build wrote: the HTML page, the Markdown summary, and every table and plot file.</summary>
public sealed record Report(string OutDir, string HtmlPath, string MarkdownPath, IReadOnlyList<string> Tables, IReadOnlyList<string> Plots)
{
    /// <summary>What was left out and why (an unreadable instability pair), one line each.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
