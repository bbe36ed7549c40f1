using MathNet.Numerics.Distributions;

namespace TicketLab.Reporting;

/// <summary>A two-sided Student-t confidence interval for a mean: mean ± t(1 − α/2, n − 1) · s / √n; undefined (NaN) below two values.</summary>
public readonly record struct ConfidenceInterval(double Low, double High)
{
    /// <summary>The level every table and plot uses.</summary>
    public const double Level = 0.95;

    public double HalfWidth => (High - Low) / 2;

    public bool IsDefined => !double.IsNaN(Low);

    public static ConfidenceInterval Undefined => new(double.NaN, double.NaN);

    public static ConfidenceInterval Of(Stat s, double level = Level)
    {
        if (s.N < 2 || double.IsNaN(s.Std)) return Undefined;
        double half = TQuantile(level, s.N - 1) * s.Std / Math.Sqrt(s.N);
        return new ConfidenceInterval(s.Mean - half, s.Mean + half);
    }

    /// <summary>The two-sided Student-t critical value: 2.776 for 95% and 4 degrees of freedom.</summary>
    public static double TQuantile(double level, int degreesOfFreedom) =>
        StudentT.InvCDF(0, 1, degreesOfFreedom, 1 - (1 - level) / 2);
}
