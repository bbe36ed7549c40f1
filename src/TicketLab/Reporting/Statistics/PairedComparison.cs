using MathNet.Numerics.Distributions;

namespace TicketLab.Reporting;

/// <summary>One method against another at one level, paired by seed (each seed's run trains both): the differences' mean, 95% CI and tests.</summary>
/// <remarks>Differences are <c>method − baseline</c> of one metric, one per seed that finished both. The paired t-test assumes normal
/// differences; the exact Wilcoxon signed-rank and sign tests do not, and are the ones to read at n ≤ 5. Every p-value is two-sided
/// and undefined (NaN) where the test is (a t-test needs n ≥ 2 and differences that are not all equal).</remarks>
public sealed record PairedComparison(
    string Method,
    string Baseline,
    int Level,
    IReadOnlyList<double> Differences,
    Stat Difference,
    ConfidenceInterval Interval,
    double T,
    double TTestP,
    double WilcoxonP,
    double SignP)
{
    public int N => Differences.Count;

    /// <summary>Below this, two accuracies (fractions of a test set) or differences are the same number written with rounding error.</summary>
    public const double Rounding = 1e-12;

    public static PairedComparison Of(string method, string baseline, int level, IReadOnlyList<(double Method, double Baseline)> pairs)
    {
        var d = pairs.Select(p => p.Method - p.Baseline).ToList();
        var stat = Stat.Of(d);
        var (t, p) = TTest(stat);
        return new PairedComparison(method, baseline, level, d, stat, ConfidenceInterval.Of(stat), t, p,
            WilcoxonSignedRank.Test(d).P, SignTest.Test(d).P);
    }

    /// <summary>Student's paired t: mean / (s / √n) with n − 1 degrees of freedom.</summary>
    public static (double T, double P) TTest(Stat differences)
    {
        // equal differences (the same count of test examples apart) differ only by rounding: no spread, no t
        if (differences.N < 2 || double.IsNaN(differences.Std) || differences.Std <= Rounding * Math.Max(1, Math.Abs(differences.Mean)))
            return (double.NaN, double.NaN);
        double t = differences.Mean / (differences.Std / Math.Sqrt(differences.N));
        return (t, 2 * (1 - StudentT.CDF(0, 1, differences.N - 1, Math.Abs(t))));
    }
}
