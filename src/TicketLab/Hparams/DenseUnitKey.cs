using System.Security.Cryptography;
using System.Text;
using TicketLab.Lottery;

namespace TicketLab.Hparams;

/// <summary>Names a dense level by everything that determines it: every setting except the pruning ones, and the encoded data.</summary>
/// <remarks>Runs that differ only in pruning settings (rate, levels, rewind point, baselines …) train the same dense network, so
/// they share one unit (<c>runs/units/&lt;key&gt;/</c>). The settings are found by reflection over <see cref="RunHparams"/> with
/// their defaults included, so a new setting, or a changed default, gives a new key unless it is a pruning setting.</remarks>
public static class DenseUnitKey
{
    /// <summary>Bumped when dense training changes its results for the same settings, so old units are not reused.</summary>
    private const string Format = "ticketlab-dense-unit/v1";

    /// <summary>16 hex digits of SHA-256 over <see cref="Canonical"/>.</summary>
    public static string Of(RunHparams h, string dataDigest) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(h, dataDigest))))[..16];

    /// <summary>The key's settings part alone, before any data is read: runs of one study that agree on it read the same data, so
    /// they share a unit; the store uses it to keep two workers from training that unit at once.</summary>
    public static string OfSettings(RunHparams h) => Of(h, "settings-only");

    /// <summary>Sorted "path=value" lines of every non-pruning setting (defaults too), then the format and the data's digest.</summary>
    public static string Canonical(RunHparams h, string dataDigest)
    {
        var lines = new List<string>();
        RunIdentity.Collect(h, typeof(RunHparams), "", lines, includeDefaults: true);
        var pruning = typeof(RunHparams).GetProperties().Where(p => p.PropertyType == typeof(PruningHparams)).Select(p => p.Name + ".").ToList();
        lines.RemoveAll(l => pruning.Any(l.StartsWith));
        lines.Sort(StringComparer.Ordinal);
        lines.Add("format=" + Format);
        lines.Add("data=" + dataDigest);
        return string.Join("\n", lines);
    }
}
