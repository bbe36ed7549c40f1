using MathNet.Numerics.Distributions;

namespace TicketLab.Reporting;

/// <summary>The exact two-sided sign test of paired differences against zero: the count of positive ones among the non-zero, against Binomial(n, ½).</summary>
public static class SignTest
{
    public static (int Positive, int N, double P) Test(IReadOnlyList<double> differences)
    {
        var nonZero = differences.Where(d => Math.Abs(d) > PairedComparison.Rounding && !double.IsNaN(d)).ToList();
        int n = nonZero.Count, positive = nonZero.Count(d => d > 0);
        if (n == 0) return (0, 0, 1);
        int fewer = Math.Min(positive, n - positive);
        return (positive, n, Math.Min(1, 2 * Binomial.CDF(0.5, n, fewer)));
    }
}
