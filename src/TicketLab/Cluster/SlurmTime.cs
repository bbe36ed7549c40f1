using System.Globalization;
using System.Text.RegularExpressions;
using TicketLab.Hparams;

namespace TicketLab.Cluster;

/// <summary>A finite Slurm duration as sbatch's --time takes it: M, M:S, H:M:S, D-H, D-H:M or D-H:M:S.</summary>
public readonly partial record struct SlurmTime(TimeSpan Span)
{
    [GeneratedRegex(@"^(?:(?<d>\d+)-(?<h>\d+)(?::(?<m>\d+)(?::(?<s>\d+))?)?|(?<a>\d+)(?::(?<b>\d+)(?::(?<c>\d+))?)?)$")]
    private static partial Regex Form();

    /// <summary>Parses <paramref name="text"/>; errors start with <paramref name="option"/>.</summary>
    /// <exception cref="SettingsException">Not one of Slurm's forms, a field out of range, zero, or unlimited.</exception>
    public static SlurmTime Parse(string text, string option = "--time")
    {
        text = text.Trim();
        if (text.ToLowerInvariant() is "infinite" or "unlimited")
            throw new SettingsException($"{option} must be a finite time; leave it out to take the partition's limit");
        var m = Form().Match(text);
        if (!m.Success)
            throw new SettingsException($"{option} '{text}' is not a Slurm time (minutes, M:S, H:M:S, D-H, D-H:M or D-H:M:S, e.g. 90, 1:30:00, 2-00)");
        TimeSpan span;
        if (m.Groups["d"].Success)
            span = new TimeSpan(Field(m, "d", int.MaxValue, option), Field(m, "h", 23, option), Field(m, "m", 59, option), Field(m, "s", 59, option));
        else if (m.Groups["c"].Success) // H:M:S
            span = new TimeSpan(Field(m, "a", int.MaxValue, option), Field(m, "b", 59, option), Field(m, "c", 59, option));
        else // M or M:S, minutes unbounded as sbatch takes them
            span = TimeSpan.FromMinutes(Field(m, "a", int.MaxValue, option)) + TimeSpan.FromSeconds(Field(m, "b", 59, option));
        if (span <= TimeSpan.Zero) throw new SettingsException($"{option} must be more than 0 (Slurm reads 0 as no limit)");
        return new SlurmTime(span);
    }

    private static int Field(Match m, string name, int max, string option)
    {
        if (!m.Groups[name].Success) return 0;
        if (!int.TryParse(m.Groups[name].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var v) || v > max)
            throw new SettingsException($"{option} '{m.Value}': {m.Groups[name].Value} is out of range (at most {max})");
        return v;
    }

    /// <summary>D-HH:MM:SS, the form every Slurm version reads the same way.</summary>
    public override string ToString() =>
        $"{(int)Span.TotalDays}-{Span.Hours:00}:{Span.Minutes:00}:{Span.Seconds:00}";
}
