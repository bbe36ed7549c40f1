using System.Globalization;

namespace TicketLab.Data;

/// <summary>The hparams that change which examples a loader returns but that the encoded cache key does not list itself.</summary>
internal static class DataOptionsKey
{
    public static string Of(DataHparams h) => string.Join(";",
        $"text={h.TextColumns}", $"label={h.LabelColumn}", $"noHeader={h.NoHeader}",
        $"testFile={(h.TestFile is null ? "" : Path.GetFullPath(h.TestFile))}",
        $"testFraction={h.TestFraction?.ToString("R", CultureInfo.InvariantCulture)}", $"skipBadRows={h.SkipBadRows}");

    /// <summary><see cref="SourceFingerprint.Of"/> of every path plus these options.</summary>
    public static string Identity(DataHparams h, params string[] paths) =>
        string.Join("+", paths.Select(SourceFingerprint.Of)) + ";" + Of(h);
}
