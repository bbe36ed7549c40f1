using System.Net;
using System.Text;

namespace TicketLab.Reporting;

/// <summary>Assembles one self-contained HTML page: headings, tables and PNGs inlined as base64 data URIs.</summary>
public sealed class HtmlPage(string title)
{
    private readonly StringBuilder body = new();

    public HtmlPage Heading(int level, string text, string? id = null)
    {
        body.Append($"<h{level}").Append(id is null ? "" : $" id=\"{WebUtility.HtmlEncode(id)}\"").Append('>')
            .Append(WebUtility.HtmlEncode(text)).Append($"</h{level}>\n");
        return this;
    }

    public HtmlPage Paragraph(string text)
    {
        body.Append("<p>").Append(WebUtility.HtmlEncode(text)).Append("</p>\n");
        return this;
    }

    public HtmlPage Table(ReportTable table)
    {
        body.Append(table.ToHtml());
        return this;
    }

    public HtmlPage Image(byte[] png, string alt)
    {
        body.Append("<figure><img alt=\"").Append(WebUtility.HtmlEncode(alt)).Append("\" src=\"data:image/png;base64,")
            .Append(Convert.ToBase64String(png)).Append("\"><figcaption>").Append(WebUtility.HtmlEncode(alt)).Append("</figcaption></figure>\n");
        return this;
    }

    public override string ToString() => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>{{WebUtility.HtmlEncode(title)}}</title>
        <style>
        body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
        table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }
        th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: right; }
        th { background: #f3f3f3; } td:first-child, th:first-child { text-align: left; }
        img { max-width: 100%; } figure { margin: 1em 0; } figcaption { color: #666; font-size: 0.85em; }
        </style>
        </head>
        <body>
        <h1>{{WebUtility.HtmlEncode(title)}}</h1>
        {{body}}</body>
        </html>
        """;
}
