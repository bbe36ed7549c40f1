using TicketLab.Reporting;

namespace TicketLab.Tests.Reporting;

/// <summary>Confidence intervals and paired tests against figures worked out by hand (the arithmetic is in each test).</summary>
public class StatisticsTests
{
    [Fact]
    public void ConfidenceIntervalUsesTheStudentTQuantile()
    {
        // n = 5: mean 0.03, s = √(((−.02)² + (−.01)² + 0 + .01² + .02²) / 4) = √(0.001 / 4) = 0.0158114,
        // s/√5 = 0.0070711; t(0.975, 4) = 2.776445 (every t table); half width = 2.776445 × 0.0070711 = 0.0196324
        Assert.Equal(2.776445, ConfidenceInterval.TQuantile(0.95, 4), 6);
        Assert.Equal(12.706205, ConfidenceInterval.TQuantile(0.95, 1), 6);
        var ci = Stat.Of([0.01, 0.02, 0.03, 0.04, 0.05]).Interval;
        Assert.Equal(0.03 - 0.0196324, ci.Low, 6);
        Assert.Equal(0.03 + 0.0196324, ci.High, 6);
        // one seed has no interval
        Assert.False(Stat.Of([0.8]).Interval.IsDefined);
    }

    [Fact]
    public void PairedTTestOfFiveSeeds()
    {
        // differences 0.01 … 0.05: t = 0.03 / 0.0070711 = 4.242641 with 4 degrees of freedom. For 4 degrees of freedom the CDF
        // has a closed form, F(t) = ½ + (3/8)·u·(1 − t²/(12(1 + t²/4))) with u = t / √(1 + t²/4): u = 4.242641 / √5.5 = 1.809068,
        // 1 − 18 / (12 · 5.5) = 0.727273, F = 0.5 + 0.375 · 1.809068 · 0.727273 = 0.993382, two-sided p = 2 (1 − F) = 0.013236
        var c = PairedComparison.Of("ticket", "random-prune", 3,
            [(0.86, 0.85), (0.87, 0.85), (0.88, 0.85), (0.89, 0.85), (0.90, 0.85)]);
        Assert.Equal(5, c.N);
        Assert.Equal(0.03, c.Difference.Mean, 12);
        Assert.Equal(4.242641, c.T, 5);
        Assert.Equal(0.013236, c.TTestP, 5);
        Assert.Equal(0.03 - 0.0196324, c.Interval.Low, 6);
        // all five differences positive: W+ = 1 + 2 + 3 + 4 + 5 = 15, the largest of 2⁵ = 32 equally likely sums: p = 2 × 1/32
        Assert.Equal(0.0625, c.WilcoxonP, 12);
        // five of five positive: P(X ≥ 5 | Binomial(5, ½)) = 1/32, two-sided 0.0625
        Assert.Equal(0.0625, c.SignP, 12);
    }

    [Fact]
    public void PairedTestsWithMixedSigns()
    {
        // d = 0.012, −0.004, 0.020, 0.008, 0.015: mean 0.0102, s = √(Σ(d − 0.0102)² / 4) = 0.00906642, s/√5 = 0.00405463,
        // t = 2.515644; CI = 0.0102 ± 2.776445 × 0.00405463 = [−0.00105745, 0.02145745]; p from the closed form above: 0.065661
        var d = new[] { 0.012, -0.004, 0.020, 0.008, 0.015 };
        var c = PairedComparison.Of("ticket", "random-reinit", 1, d.Select(x => (0.8 + x, 0.8)).ToList());
        Assert.Equal(2.515644, c.T, 5);
        Assert.Equal(0.065661, c.TTestP, 5);
        Assert.Equal(-0.00105745, c.Interval.Low, 7);
        Assert.Equal(0.02145745, c.Interval.High, 7);
        // ranks of |d|: .004 → 1, .008 → 2, .012 → 3, .015 → 4, .020 → 5; W+ = 15 − 1 = 14. Sums ≥ 14 among the 32 sign
        // patterns: 15 (all +) and 14 (all but rank 1) → P = 2/32; two-sided p = 4/32 = 0.125
        var w = WilcoxonSignedRank.Test(d);
        Assert.Equal((14.0, 5), (w.WPlus, w.N));
        Assert.Equal(0.125, w.P, 12);
        // 4 of 5 positive: P(X ≤ 1) = (1 + 5)/32 = 6/32, two-sided 12/32 = 0.375
        Assert.Equal(0.375, SignTest.Test(d).P, 12);
    }

    [Fact]
    public void WilcoxonGivesTiesMidRanksAndDropsZeros()
    {
        // d = 1, 1, −2, 3 (and a zero, dropped): |d| ranks 1.5, 1.5, 3, 4; W+ = 1.5 + 1.5 + 4 = 7. Doubled ranks 3, 3, 6, 8 give
        // 16 subset sums 0, 3, 3, 6, 6, 8, 9, 9, 11, 11, 12, 14, 14, 17, 17, 20; doubled W+ = 14: P(≥ 14) = 5/16, P(≤ 14) = 13/16,
        // two-sided p = 2 × 5/16 = 0.625
        var w = WilcoxonSignedRank.Test([1, 1, -2, 0, 3]);
        Assert.Equal((7.0, 4), (w.WPlus, w.N));
        Assert.Equal(0.625, w.P, 12);
        Assert.Equal((0.0, 0, 1.0), WilcoxonSignedRank.Test([0, 0]));
    }

    [Fact]
    public void UndefinedTestsSayNotANumber()
    {
        // one pair: no deviation, so no t-test and no interval; identical differences: s = 0, no t either
        var one = PairedComparison.Of("ticket", "random-prune", 1, [(0.9, 0.8)]);
        Assert.True(double.IsNaN(one.TTestP));
        Assert.False(one.Interval.IsDefined);
        Assert.Equal(1.0, one.WilcoxonP, 12); // W+ = 1 of sums {0, 1}: p = min(1, 2 × 1/2)
        Assert.True(double.IsNaN(PairedComparison.Of("ticket", "random-prune", 1, [(0.5, 0.25), (0.75, 0.5)]).TTestP));
        // 0.9 − 0.8 and 0.8 − 0.7 are both 0.1 but differ in the 17th digit: still no spread (not p ≈ 0), and a Wilcoxon tie
        // (ranks 1.5, 1.5; W+ = 3 is the largest of the sums 0, 1.5, 1.5, 3: p = 2 × 1/4)
        var rounded = PairedComparison.Of("ticket", "random-prune", 1, [(0.9, 0.8), (0.8, 0.7)]);
        Assert.NotEqual(rounded.Differences[0], rounded.Differences[1]);
        Assert.True(double.IsNaN(rounded.TTestP));
        Assert.Equal(3.0, WilcoxonSignedRank.Test(rounded.Differences).WPlus);
        Assert.Equal(0.5, rounded.WilcoxonP, 12);
    }
}
