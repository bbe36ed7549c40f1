namespace TicketLab.Data;

/// <summary>Data quoted in error messages, cut short so that a huge field (a whole file on one line) still gives one readable line.</summary>
public static class MessageText
{
    /// <summary>Quoted content longer than this is cut.</summary>
    public const int MaxQuoted = 200;

    /// <summary><paramref name="s"/> on one line, cut to <see cref="MaxQuoted"/> characters with its full length named.</summary>
    public static string Shorten(string s)
    {
        var line = s.ReplaceLineEndings(" ");
        return line.Length <= MaxQuoted ? line : $"{line[..MaxQuoted]}… ({s.Length:N0} characters)";
    }
}
