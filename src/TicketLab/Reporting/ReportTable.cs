using System.Net;
using System.Text;

namespace TicketLab.Reporting;

/// <summary>A table of text cells that renders as Markdown, CSV or HTML: every table the tool writes goes through it.</summary>
/// <remarks>Cells are plain text (they may come from data: paths, labels), so each renderer escapes them for its format.
/// <paramref name="Code"/> columns render as code; <paramref name="Footer"/> rows (totals) follow the body with a bold label.</remarks>
public sealed record ReportTable(
    IReadOnlyList<string> Header,
    IReadOnlyList<IReadOnlyList<string>> Rows,
    IReadOnlyList<IReadOnlyList<string>>? Footer = null,
    IReadOnlySet<int>? Code = null)
{
    private IReadOnlyList<IReadOnlyList<string>> FooterRows => Footer ?? [];

    /// <summary>A GitHub-flavoured Markdown table.</summary>
    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.Append("| ").AppendJoin(" | ", Header.Select(Markdown.Escape)).AppendLine(" |");
        sb.Append('|').AppendJoin('|', Header.Select(_ => "---")).AppendLine("|");
        foreach (var row in Rows) sb.Append("| ").AppendJoin(" | ", row.Select((c, i) => IsCode(i) ? Markdown.Code(c) : Markdown.Escape(c))).AppendLine(" |");
        foreach (var row in FooterRows) sb.Append("| ").AppendJoin(" | ", row.Select((c, i) => i == 0 ? Markdown.Strong(c) : Markdown.Escape(c))).AppendLine(" |");
        return sb.ToString();
    }

    /// <summary>RFC 4180 CSV (footer rows included).</summary>
    public string ToCsv()
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', Header.Select(Quote)).AppendLine();
        foreach (var row in Rows.Concat(FooterRows)) sb.AppendJoin(',', row.Select(Quote)).AppendLine();
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
            for (int i = 0; i < row.Count; i++)
                sb.Append("<td>").Append(IsCode(i) ? $"<code>{WebUtility.HtmlEncode(row[i])}</code>" : WebUtility.HtmlEncode(row[i])).Append("</td>");
            sb.Append("</tr>\n");
        }
        sb.Append("</tbody>\n");
        if (FooterRows.Count > 0)
        {
            sb.Append("<tfoot>\n");
            foreach (var row in FooterRows)
            {
                sb.Append("<tr>");
                for (int i = 0; i < row.Count; i++)
                    sb.Append(i == 0 ? "<th>" : "<td>").Append(WebUtility.HtmlEncode(row[i])).Append(i == 0 ? "</th>" : "</td>");
                sb.Append("</tr>\n");
            }
            sb.Append("</tfoot>\n");
        }
        return sb.Append("</table>\n").ToString();
    }

    /// <summary>A CSV field: quoted when it holds a comma, quote or line break.</summary>
    public static string Quote(string s) => s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    private bool IsCode(int column) => Code?.Contains(column) == true;
}
