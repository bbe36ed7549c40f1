using System.Globalization;

namespace TicketLab.Reporting;

/// <summary>Mean and sample standard deviation (n − 1) of one figure over replicates; the deviation is NaN for a single value.</summary>
public readonly record struct Stat(double Mean, double Std, int N)
{
    public static Stat Of(IEnumerable<double> values)
    {
        var v = values.ToList();
        if (v.Count == 0) return new Stat(double.NaN, double.NaN, 0);
        var mean = v.Average();
        var std = v.Count < 2 ? double.NaN : Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Count - 1));
        return new Stat(mean, std, v.Count);
    }

    /// <summary>"mean ± std" with the figure scaled (×100 for percentages); the mean alone when there is one value.</summary>
    public string Format(string format, double scale = 1) =>
        N == 0 ? "—"
        : double.IsNaN(Std) ? (Mean * scale).ToString(format, CultureInfo.InvariantCulture)
        : $"{(Mean * scale).ToString(format, CultureInfo.InvariantCulture)} ± {(Std * scale).ToString(format, CultureInfo.InvariantCulture)}";

    /// <summary>The 95% Student-t confidence interval of the mean (undefined below two values).</summary>
    public ConfidenceInterval Interval => ConfidenceInterval.Of(this);

    /// <summary>The deviation as an error bar: 0 when undefined.</summary>
    public double ErrorBar => double.IsNaN(Std) ? 0 : Std;
}
