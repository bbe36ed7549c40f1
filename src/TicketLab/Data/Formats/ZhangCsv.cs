using System.Globalization;
using System.Text;

namespace TicketLab.Data;

/// <summary>Reads the CSV files of Zhang, Zhao &amp; LeCun (2015) (AG News, Yelp polarity, …): no header, every field quoted,
/// first field the class index 1..K, then the text fields, joined with a space after <paramref name="unescape"/>.</summary>
public sealed class ZhangCsv(int textFields, IReadOnlyList<string> classNames, Func<string, string> unescape)
{
    /// <summary>The examples of one file, label = class index − 1, <see cref="TextExample.Source"/> = "folder/file.csv:line".</summary>
    public IReadOnlyList<TextExample> Read(string path, BadRows bad)
    {
        var name = Path.Combine(Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path))) ?? "", Path.GetFileName(path)).Replace('\\', '/');
        var examples = new List<TextExample>();
        foreach (var r in DelimitedReader.ReadFile(path, (byte)',', quoted: true))
            if (Parse(r, path, bad) is { } e) examples.Add(e with { Source = $"{name}:{r.Line}" });
        return examples;
    }

    private TextExample? Parse(DelimitedRecord r, string path, BadRows bad)
    {
        var where = $"{path}:{r.Line}";
        if (r.Problem is not null) { bad.Report(where, r.ProblemField.ToString(CultureInfo.InvariantCulture), r.Problem); return null; }
        if (r.Fields.Count != textFields + 1)
        {
            bad.Report(where, null, $"{r.Fields.Count} fields, expected {textFields + 1} (class index and {textFields} text field{(textFields == 1 ? "" : "s")})");
            return null;
        }
        if (!int.TryParse(r.Fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out int cls) || cls < 1 || cls > classNames.Count)
        {
            bad.Report(where, "1", $"class index '{MessageText.Shorten(r.Fields[0])}' is not an integer from 1 to {classNames.Count}");
            return null;
        }
        var text = new StringBuilder();
        for (int f = 1; f <= textFields; f++)
        {
            if (f > 1) text.Append(' ');
            text.Append(unescape(r.Fields[f]));
        }
        var joined = text.ToString();
        if (string.IsNullOrWhiteSpace(joined))
        {
            bad.Report(where, textFields == 1 ? "2" : $"2-{textFields + 1}", "empty text");
            return null;
        }
        return new TextExample(joined, cls - 1);
    }

    /// <summary>Yelp-style escapes: backslash + n is a newline, backslash + quote is a quote; other backslashes stay.</summary>
    public static string UnescapeBackslashN(string s)
    {
        if (!s.Contains('\\')) return s;
        var b = new StringBuilder(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && i + 1 < s.Length && s[i + 1] is 'n' or '"')
            {
                b.Append(s[i + 1] == 'n' ? '\n' : '"');
                i++;
            }
            else b.Append(s[i]);
        }
        return b.ToString();
    }

    /// <summary>AG News' escapes, as the files use them (not as the readme says): backslash + $ is a dollar sign ("\$1B"), and every
    /// other backslash is a line break ("a second\team", "gave\no indication", "\\" between paragraphs). Reading backslash + n as
    /// the newline would eat the n of "\network".</summary>
    public static string UnescapeAgNews(string s) => s.Contains('\\') ? s.Replace("\\$", "$").Replace('\\', '\n') : s;


    // Kept for WordVectors.cs (edited elsewhere); new code uses MessageText.Shorten.
    internal static string Shorten(string s) => MessageText.Shorten(s);
}
