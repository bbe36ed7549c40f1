namespace TicketLab.Reporting;

/// <summary>What a report build wrote: the HTML page, the Markdown summary, and every table and plot file.</summary>
public sealed record Report(string OutDir, string HtmlPath, string MarkdownPath, IReadOnlyList<string> Tables, IReadOnlyList<string> Plots);
