namespace TicketLab.Reporting;

/// <summary>Text from data (dataset paths, labels, tensor names) made safe to place in Markdown: it shows as written, never as markup or HTML.</summary>
public static class Markdown
{
    /// <summary>Escapes backslashes, table pipes, backticks and angle brackets, and folds line breaks into spaces.</summary>
    public static string Escape(string text) => text
        .Replace("\\", "\\\\").Replace("|", "\\|").Replace("`", "\\`")
        .Replace("<", "&lt;").Replace(">", "&gt;")
        .ReplaceLineEndings(" ");

    /// <summary>A code span (a backtick inside the text lengthens the fence); pipes stay escaped so it fits in a table cell.</summary>
    public static string Code(string text)
    {
        var flat = text.ReplaceLineEndings(" ").Replace("|", "\\|");
        var fence = flat.Contains('`') ? "`` " : "`";
        return fence + flat + new string(fence.Reverse().ToArray());
    }

    public static string Strong(string text) => $"**{Escape(text)}**";
}
