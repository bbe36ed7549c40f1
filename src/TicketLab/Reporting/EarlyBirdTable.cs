using System.Globalization;
using TicketLab.Lottery;

namespace TicketLab.Reporting;

/// <summary>Early-bird tickets beside IMP's at the same level: where the search stopped, its mask distances, the training time to each
/// ticket, and both tickets' test accuracy.</summary>
public static class EarlyBirdTable
{
    /// <summary>One row per early-bird level of a run; null when the run has none.</summary>
    /// <remarks>IMP's time to its level-L mask is the dense training and the tickets of levels 1..L−1 (<paramref name="iterative"/>; one-shot:
    /// the dense training alone); the early-bird's is its search. Both then train their ticket once more.</remarks>
    public static ReportTable? ForRun(IReadOnlyList<LevelResult> levels, bool iterative = true)
    {
        var birds = levels.Where(l => l.EarlyBird is not null).OrderBy(l => l.Level).ToList();
        if (birds.Count == 0) return null;
        var dense = levels.FirstOrDefault(l => l.Level == 0 && l.Method == Methods.Dense);
        var tickets = levels.Where(l => l.Method == Methods.Ticket).ToDictionary(l => l.Level);
        return new ReportTable(
            ["Level", TableText.AllRemaining, TableText.PrunableRemaining, "Stopped at epoch", "Mask distances (last checks)", "Search s",
             "Dense s", "IMP s to its mask", "Early-bird test acc.", "Ticket test acc."],
            birds.Select(b =>
            {
                var draw = b.EarlyBird!;
                var ticket = tickets.GetValueOrDefault(b.Level);
                double? imp = dense is null || ticket is null ? null
                    : dense.Training.Seconds + (iterative ? tickets.Values.Where(t => t.Level < b.Level).Sum(t => t.Training.Seconds) : 0);
                return (IReadOnlyList<string>)[
                    TableText.Invariant(b.Level), TableText.Share(1 - b.SparsityOfAll), TableText.Share(1 - b.Sparsity),
                    F(draw.Epochs, "0.##") + (draw.Drawn ? "" : " (rule never fired)"),
                    string.Join(" ", draw.Checks.Select(c => c.Distance).OfType<double>().TakeLast(5).Select(d => F(d, "0.000"))),
                    F(draw.SearchSeconds, "0.0"), F(draw.DenseSeconds, "0.0"), imp is { } s ? F(s, "0.0") : "n/a",
                    TableText.Percent(b.Training.Test.Accuracy), ticket is null ? "n/a" : TableText.Percent(ticket.Training.Test.Accuracy)];
            }).ToList());
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
