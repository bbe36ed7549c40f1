using System.Globalization;

namespace TicketLab.Lottery;

/// <summary>Where retraining restarts from: step k of the dense run, in iterations, epochs or a share of training (0 = initialisation).</summary>
/// <remarks>With <see cref="RewindUnit.Percent"/>, <see cref="Value"/> is in hundredths of a percent: "0.5%" is 50, "2%" is 200.</remarks>
public readonly record struct RewindPoint(long Value, RewindUnit Unit)
{
    private const string Forms = "0, <k>it, <k>ep or <p>% of training (e.g. 500it, 1ep, 2%)";

    /// <summary>Parses "0", "500it", "2ep" or "2%" / "0.5%" (above 0 and below 100, at most two decimals; "0%" is "0").</summary>
    /// <exception cref="FormatException">Any other text; the message says why.</exception>
    public static RewindPoint Parse(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        if (t.EndsWith('%')) return ParsePercent(text, t[..^1]);
        var (digits, unit) = t.EndsWith("ep") ? (t[..^2], RewindUnit.Epochs)
            : t.EndsWith("it") ? (t[..^2], RewindUnit.Iterations)
            : (t, RewindUnit.Iterations);
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            throw new FormatException($"'{text}' is not a rewind point: {Forms}");
        return new RewindPoint(value, unit);
    }

    private static RewindPoint ParsePercent(string text, string number)
    {
        if (!decimal.TryParse(number, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent))
            throw new FormatException($"'{text}' is not a rewind point: {Forms}");
        if (percent < 0 || percent >= 100)
            throw new FormatException($"'{text}' is not a rewind point: a share of training must be at least 0% and below 100%");
        var hundredths = percent * 100;
        if (hundredths != decimal.Truncate(hundredths))
            throw new FormatException($"'{text}' is not a rewind point: a share of training takes at most two decimals (e.g. 0.25%)");
        return hundredths == 0 ? default : new RewindPoint((long)hundredths, RewindUnit.Percent);
    }

    /// <summary>The optimiser step this point names, given the schedule's length.</summary>
    /// <remarks>A share of training is rounded to the nearest step (halves up) and is at least step 1, so a nonzero share
    /// never silently becomes a rewind to initialisation; e.g. 2% of 50 steps × 5 epochs is step 5, 0.5% of it step 1.</remarks>
    public long ToSteps(int stepsPerEpoch, int epochs) => Unit switch
    {
        RewindUnit.Epochs => Value * stepsPerEpoch,
        RewindUnit.Percent => Math.Max(1, ((long)stepsPerEpoch * epochs * Value + 5_000) / 10_000),
        _ => Value,
    };

    public override string ToString() => Value == 0 ? "0" : Unit switch
    {
        RewindUnit.Epochs => Value + "ep",
        RewindUnit.Percent => (Value / 100m).ToString("0.##", CultureInfo.InvariantCulture) + "%",
        _ => Value + "it",
    };
}
