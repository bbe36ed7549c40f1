using System.Net;
using System.Text;

namespace TicketLab.Reporting;

/// <summary>A table of text cells that renders as Markdown, CSV or HTML.</summary>
public sealed record ReportTable(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.Append("| ").AppendJoin(" | ", Header.Select(EscapeMarkdown)).AppendLine(" |");
        sb.Append('|').AppendJoin('|', Header.Select(_ => "---")).AppendLine("|");
        foreach (var row in Rows) sb.Append("| ").AppendJoin(" | ", row.Select(EscapeMarkdown)).AppendLine(" |");
        return sb.ToString();
    }

    /// <summary>RFC 4180 CSV.</summary>
    public string ToCsv()
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', Header.Select(Quote)).AppendLine();
        foreach (var row in Rows) sb.AppendJoin(',', row.Select(Quote)).AppendLine();
        return sb.ToString();
    }

    public string ToHtml()
    {
        var sb = new StringBuilder("<table>\n<thead><tr>");
        foreach (var h in Header) sb.Append("<th>").Append(WebUtility.HtmlEncode(h)).Append("</th>");
        sb.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in Rows)
        {
            sb.Append("<tr>");
            foreach (var c in row) sb.Append("<td>").Append(WebUtility.HtmlEncode(c)).Append("</td>");
            sb.Append("</tr>\n");
        }
        return sb.Append("</tbody>\n</table>\n").ToString();
    }

    private static string EscapeMarkdown(string s) => s.Replace("|", "\\|");

    private static string Quote(string s) => s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
