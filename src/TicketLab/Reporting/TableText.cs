using System.Globalization;

namespace TicketLab.Reporting;

/// <summary>How tables write numbers and names: the one definition of each format the reports share.</summary>
public static class TableText
{
    /// <summary>A fraction as a percentage with two decimals: 0.8765 → "87.65%".</summary>
    public static string Percent(double fraction) => (100 * fraction).ToString("F2", CultureInfo.InvariantCulture) + "%";

    /// <summary>The primary sparsity figure's name, the embedding included: every table, plot axis and log line uses it.</summary>
    public const string AllRemaining = "% of all parameters remaining";

    /// <summary>The figure over the prunable set only (what the pruning rate applies to), shown beside <see cref="AllRemaining"/>.</summary>
    public const string PrunableRemaining = "% of prunable weights remaining";

    /// <summary>A kept fraction as a percentage: two decimals, or three significant digits below 1% (IMP's last levels keep 0.0x%).</summary>
    public static string Share(double fraction)
    {
        if (double.IsNaN(fraction)) return "n/a";
        double p = 100 * fraction;
        return (p >= 1 || p == 0 ? p.ToString("F2", CultureInfo.InvariantCulture) : p.ToString("G3", CultureInfo.InvariantCulture)) + "%";
    }

    /// <summary>A difference of fractions in signed percentage points: 0.0159 → "+1.59", −0.0074 → "-0.74", 0 → "0.00".</summary>
    public static string SignedPoints(double fraction) => (100 * fraction).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture);

    /// <summary>A p-value for reading: three decimals, "&lt; 0.001" below, "n/a" where the test is undefined.</summary>
    public static string PValue(double p) =>
        double.IsNaN(p) ? "n/a" : p < 0.001 ? "< 0.001" : p.ToString("F3", CultureInfo.InvariantCulture);

    /// <summary>A raw figure for CSV: shortest round-trip text, empty for NaN (an undefined deviation).</summary>
    public static string Raw(double value) => double.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>An invariant integer or other value as CSV has always written it.</summary>
    public static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);

    /// <summary>A file-name-safe form: lower case, letters, digits and '-' kept, anything else '_'.</summary>
    public static string Slug(string s) => new(s.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) || c == '-' ? c : '_').ToArray());
}
