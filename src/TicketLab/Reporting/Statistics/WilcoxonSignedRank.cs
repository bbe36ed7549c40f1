namespace TicketLab.Reporting;

/// <summary>The exact two-sided Wilcoxon signed-rank test of paired differences against zero (zero differences dropped, ties given mid-ranks).</summary>
/// <remarks>Exact, not the normal approximation, because the study's n is 2–10 seeds. Mid-ranks are doubled to integers so the
/// null distribution of W+ (every sign pattern equally likely) is counted exactly by dynamic programming over the ranks.</remarks>
public static class WilcoxonSignedRank
{
    /// <summary>W+ (the sum of the ranks of the positive differences), the number of non-zero differences, and the p-value (1 when none).</summary>
    public static (double WPlus, int N, double P) Test(IReadOnlyList<double> differences)
    {
        // accuracies are fractions of one test set: differences equal up to rounding error are ties, and ~0 is zero
        var nonZero = differences.Where(d => Math.Abs(d) > PairedComparison.Rounding && !double.IsNaN(d)).ToList();
        int n = nonZero.Count;
        if (n == 0) return (0, 0, 1);
        var doubledRanks = DoubledRanks(nonZero.Select(d => Math.Round(Math.Abs(d), 12)).ToList());
        int observed = nonZero.Select((d, i) => d > 0 ? doubledRanks[i] : 0).Sum();
        // ways[s]: how many of the 2^n sign patterns give a doubled W+ of s
        int total = doubledRanks.Sum();
        var ways = new double[total + 1];
        ways[0] = 1;
        foreach (var r in doubledRanks)
            for (int s = total; s >= r; s--) ways[s] += ways[s - r];
        double all = Math.Pow(2, n);
        double lower = ways.Take(observed + 1).Sum() / all, upper = ways.Skip(observed).Sum() / all;
        return (observed / 2.0, n, Math.Min(1, 2 * Math.Min(lower, upper)));
    }

    /// <summary>Twice the (mid-)rank of each value among them, smallest first: ties share the mean of their ranks.</summary>
    private static int[] DoubledRanks(IReadOnlyList<double> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new int[values.Count];
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]]) end++;
            for (int k = start; k <= end; k++) ranks[order[k]] = start + end + 2; // (start+1 + end+1) = twice the mid-rank
            start = end + 1;
        }
        return ranks;
    }
}
