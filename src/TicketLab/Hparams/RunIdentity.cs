using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace TicketLab.Hparams;

/// <summary>Names a run by a stable hash of its hparams that differ from their defaults, so new hparams with neutral defaults keep old names.</summary>
public static class RunIdentity
{
    /// <summary>"dataset-model-" followed by 10 hex digits of SHA-256 over the canonical text.</summary>
    public static string Name(RunHparams h) =>
        $"{Short(h.Data.Dataset)}-{Short(h.Model.Name)}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(h))))[..10]}";

    /// <summary>Names the replicate group: the canonical text without the seed, so runs that differ only in seed share it.</summary>
    public static string GroupKey(RunHparams h) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(h with { Seed = new RunHparams(h.Data, h.Model, h.Training, h.Pruning).Seed }))))[..10];

    /// <summary>Sorted "path=value" lines for every hparam whose value differs from its record's default.</summary>
    public static string Canonical(RunHparams h)
    {
        var lines = new List<string>();
        Collect(h, h.GetType(), "", lines, includeDefaults: false);
        lines.Sort(StringComparer.Ordinal);
        return string.Join("\n", lines);
    }

    /// <summary>Adds a "path=value" line for each setting of the record <paramref name="value"/> (nested records by their path),
    /// every one with <paramref name="includeDefaults"/>, else those that differ from their default.</summary>
    internal static void Collect(object value, Type type, string prefix, List<string> lines, bool includeDefaults)
    {
        var ctor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        foreach (var p in ctor.GetParameters())
        {
            var prop = type.GetProperty(p.Name!, BindingFlags.Public | BindingFlags.Instance)!;
            var v = prop.GetValue(value);
            var path = prefix + p.Name;
            if (v is not null && IsRecord(v.GetType()))
            {
                Collect(v, v.GetType(), path + ".", lines, includeDefaults);
                continue;
            }
            var text = Format(v);
            if (!includeDefaults && p.HasDefaultValue && text == Format(DefaultOf(p))) continue;
            lines.Add($"{path}={text}");
        }
    }

    private static object? DefaultOf(ParameterInfo p) =>
        p.DefaultValue is null && p.ParameterType.IsValueType && Nullable.GetUnderlyingType(p.ParameterType) is null
            ? Activator.CreateInstance(p.ParameterType)
            : p.ParameterType.IsEnum && p.DefaultValue is not null ? Enum.ToObject(p.ParameterType, p.DefaultValue) : p.DefaultValue;

    private static bool IsRecord(Type t) => t.IsClass && t.GetMethod("<Clone>$") is not null;

    private static string Format(object? v) => v switch
    {
        null => "null",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    /// <summary>"csv:/data/reviews.csv" → "csv_reviews": the scheme and file name, not the whole path (the hash has it).</summary>
    private static string Short(string name)
    {
        int colon = name.IndexOf(':');
        return colon < 0 ? Slug(name) : Slug(name[..colon] + "_" + Path.GetFileNameWithoutExtension(name[(colon + 1)..].TrimEnd('/', '\\')));
    }

    private static string Slug(string s) => new(s.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray());
}
