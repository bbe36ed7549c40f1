using System.Globalization;
using TicketLab.Hparams;
using TicketLab.Lottery;

namespace TicketLab.Runs;

/// <summary>What an instability analysis measures: at which rewind points, for which levels (0: the dense network), with how many points on each path.</summary>
public sealed record StabilitySettings(
    IReadOnlyList<RewindPoint>? Rewinds = null,   // null: the run's own rewind point
    IReadOnlyList<int>? Levels = null,            // null: the dense network and the run's last level
    int Points = InstabilityAnalysis.DefaultPoints)
{
    /// <summary>Reads --rewind (a comma list of rewind points), --levels (a comma list of levels) and --points as written.</summary>
    /// <exception cref="SettingsException">A value of the wrong form, a repeat, or fewer than 3 points; the message names the option.</exception>
    public static StabilitySettings Parse(string? rewinds, string? levels, int points)
    {
        if (points < 3) throw new SettingsException($"--points must be at least 3: both ends and one between (got {points}); Frankle et al. use 30, the default is {InstabilityAnalysis.DefaultPoints}");
        return new(rewinds is null ? null : List(rewinds, "--rewind", t => RewindPoint.Parse(t)),
            levels is null ? null : List(levels, "--levels", t => int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var l)
                ? l : throw new FormatException($"'{t}' is not a level: 0 (the dense network) or a pruned level 1, 2, …")),
            points);
    }

    private static IReadOnlyList<T> List<T>(string text, string option, Func<string, T> parse) where T : notnull
    {
        var values = new List<T>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            T value;
            try { value = parse(part); }
            catch (FormatException e) { throw new SettingsException($"{option} {e.Message}"); }
            if (values.Contains(value)) throw new SettingsException($"{option} lists {value} twice (got '{text}')");
            values.Add(value);
        }
        return values;
    }
}
