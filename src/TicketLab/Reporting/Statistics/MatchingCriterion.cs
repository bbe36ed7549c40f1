namespace TicketLab.Reporting;

/// <summary>When a sparse network "matches" the dense one: its mean accuracy is at least the dense mean minus <see cref="Deviations"/> dense standard deviations.</summary>
/// <remarks>The default (one deviation) is Chen et al. 2020's "matching subnetwork": within one standard deviation of the full
/// network's accuracy. Over one dense seed the deviation is undefined and counts as 0 (the ticket must reach the dense accuracy).
/// Levels are chosen on validation accuracy, never on test accuracy: the test figure at the chosen level is then an honest estimate.</remarks>
public sealed record MatchingCriterion(double Deviations = 1)
{
    public static MatchingCriterion Default { get; } = new();

    /// <summary>The accuracy a network must reach to match a dense network of this mean and deviation.</summary>
    public double Threshold(Stat dense) => Threshold(dense.Mean, dense.ErrorBar);

    /// <summary>The same from a dense accuracy and the deviation to allow (0 when there is none).</summary>
    public double Threshold(double denseMean, double denseDeviation) => denseMean - Deviations * denseDeviation;

    public bool Matches(Stat candidate, Stat dense) => candidate.N > 0 && candidate.Mean >= Threshold(dense);

    /// <summary>One line for a results page.</summary>
    public string Describe() =>
        $"a level matches when the ticket's mean validation accuracy over seeds is at least the dense mean minus {(Deviations == 1 ? "one dense standard deviation" : FormattableString.Invariant($"{Deviations:0.##} dense standard deviations"))} (Chen et al. 2020; over one dense seed, the dense accuracy itself); the sparsest matching level is chosen on validation accuracy and its test accuracy reported";

    /// <summary>The sparsest level (fewest parameters remaining) whose <paramref name="method"/> matches dense on validation accuracy, or null.</summary>
    public LevelStats? SparsestMatching(IReadOnlyList<LevelStats> levels, string method = Lottery.Methods.Ticket)
    {
        var dense = levels.FirstOrDefault(l => l.Level == 0 && l.Method == Lottery.Methods.Dense);
        if (dense is null) return null;
        return levels.Where(l => l.Level > 0 && l.Method == method && Matches(l.ValidationAccuracy, dense.ValidationAccuracy))
            .OrderBy(l => l.RemainingOfAll.Mean).ThenByDescending(l => l.Level).FirstOrDefault();
    }
}
