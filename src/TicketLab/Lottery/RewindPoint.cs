using System.Globalization;

namespace TicketLab.Lottery;

/// <summary>Where retraining restarts from: step k of the dense run, counted in iterations or epochs (0 = initialisation).</summary>
public readonly record struct RewindPoint(long Value, RewindUnit Unit)
{
    /// <summary>Parses "0", "500it" or "2ep".</summary>
    public static RewindPoint Parse(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        var (digits, unit) = t.EndsWith("ep") ? (t[..^2], RewindUnit.Epochs)
            : t.EndsWith("it") ? (t[..^2], RewindUnit.Iterations)
            : (t, RewindUnit.Iterations);
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            throw new FormatException($"rewind point '{text}' is not 0, <k>it or <k>ep (e.g. 500it, 1ep)");
        return new RewindPoint(value, unit);
    }

    /// <summary>The optimiser step this point names, given the length of an epoch.</summary>
    public long ToSteps(int stepsPerEpoch) => Unit == RewindUnit.Epochs ? Value * stepsPerEpoch : Value;

    public override string ToString() => Value == 0 ? "0" : Value + (Unit == RewindUnit.Epochs ? "ep" : "it");
}
