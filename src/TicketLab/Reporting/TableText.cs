using System.Globalization;

namespace TicketLab.Reporting;

/// <summary>How tables write numbers and names: the one definition of each format the reports share.</summary>
public static class TableText
{
    /// <summary>A fraction as a percentage with two decimals: 0.8765 → "87.65%".</summary>
    public static string Percent(double fraction) => (100 * fraction).ToString("F2", CultureInfo.InvariantCulture) + "%";

    /// <summary>A raw figure for CSV: shortest round-trip text, empty for NaN (an undefined deviation).</summary>
    public static string Raw(double value) => double.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>An invariant integer or other value as CSV has always written it.</summary>
    public static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);

    /// <summary>A file-name-safe form: lower case, letters, digits and '-' kept, anything else '_'.</summary>
    public static string Slug(string s) => new(s.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) || c == '-' ? c : '_').ToArray());
}
