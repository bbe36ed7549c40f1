using System.Globalization;
using TicketLab.Hparams;
using TicketLab.Lottery;
using TicketLab.Pruning;
using TicketLab.Reporting;
using TicketLab.Store;
using TicketLab.Tests.Data;
using TicketLab.Tests.Store;
using TicketLab.Training;

namespace TicketLab.Tests.Reporting;

/// <summary>The matching criterion, the sparsest matching level and the "best" ticket are chosen on validation accuracy, never on test accuracy.</summary>
public class MatchingTests
{
    // level → (validation, test) accuracy per seed; the ticket's best TEST level (seed 1, level 2: 95%) is not its best validation level
    private static readonly Dictionary<int, (double Val, double Test)[]> Ticket = new()
    {
        [1] = [(0.88, 0.90), (0.86, 0.91)],
        [2] = [(0.86, 0.95), (0.87, 0.84)],
        [3] = [(0.84, 0.80), (0.87, 0.81)],
    };

    private static readonly (double Val, double Test)[] Dense = [(0.86, 0.85), (0.88, 0.87)];

    private static readonly double[][] RandomPruneTest = [[0.80, 0.79, 0.78], [0.81, 0.80, 0.79]];

    /// <summary>A level with these accuracies; half the prunable weights per level, all parameters half as sparse (an unpruned embedding).</summary>
    private static LevelResult Level(int level, string method, double val, double test)
    {
        var s = 1 - Math.Pow(0.5, level);
        var epochs = new[] { new EpochMetrics(0, new Metrics(0.3, 0.95), new Metrics(0.4, val), 2) };
        return new LevelResult(level, method, s, s / 2, [new TensorSparsity("conv.weight", 100, (long)Math.Round(100 * s))], new TrainingResult(epochs, 0, new Metrics(0.4, test), 2));
    }

    private static ResultsStore Recorded(TempDir dir)
    {
        var store = ResultsStore.Open(dir.Path);
        for (int seed = 1; seed <= 2; seed++)
        {
            var h = FakeRuns.Hparams(seed);
            var name = RunIdentity.Name(h);
            store.UpsertRun(RunRecord.Start(h, name, DateTimeOffset.UtcNow));
            store.RecordLevel(name, Level(0, Methods.Dense, Dense[seed - 1].Val, Dense[seed - 1].Test));
            foreach (var (level, runs) in Ticket)
            {
                store.RecordLevel(name, Level(level, Methods.Ticket, runs[seed - 1].Val, runs[seed - 1].Test));
                store.RecordLevel(name, Level(level, Methods.RandomPrune, 0.80, RandomPruneTest[seed - 1][level - 1]));
            }
        }
        return store;
    }

    [Fact]
    public void TheSparsestMatchingLevelIsChosenOnValidationAccuracyAgainstDenseMinusOneDeviation()
    {
        using var dir = new TempDir();
        using var store = Recorded(dir);
        var group = Assert.Single(StudySummary.From(store));
        // dense validation 0.86, 0.88: mean 0.87, s = 0.02/√2 = 0.0141421, threshold 0.855858.
        // ticket validation means: level 1 0.87 ✓, level 2 0.865 ✓, level 3 0.855 ✗ → level 2 (its test mean: (0.95 + 0.84)/2 = 0.895)
        Assert.Equal(0.87 - 0.02 / Math.Sqrt(2), MatchingCriterion.Default.Threshold(group.Dense!.ValidationAccuracy), 12);
        var matching = MatchingCriterion.Default.SparsestMatching(group.Levels)!;
        Assert.Equal(2, matching.Level);
        Assert.Equal(0.895, matching.TestAccuracy.Mean, 12);
        // half a deviation (threshold 0.862929) still admits level 2 (0.865); no tolerance admits only level 1 (0.87, the dense mean)
        Assert.Equal(2, new MatchingCriterion(0.5).SparsestMatching(group.Levels)!.Level);
        Assert.Equal(1, new MatchingCriterion(0).SparsestMatching(group.Levels)!.Level);

        // ticket − random-prune there, paired by seed: 0.95 − 0.79 = 0.16, 0.84 − 0.80 = 0.04; mean 0.10, s = 0.12/√2, s/√2 = 0.06,
        // t = 1.6667 with 1 degree of freedom: p = 1 − (2/π)·atan(1.6667) = 0.344042; CI 0.10 ± 12.706205 × 0.06 = ±0.762372
        var csv = SummaryTable.Csv([group]);
        var row = Assert.Single(csv.Rows);
        string Cell(string column) => row[csv.Header.ToList().IndexOf(column)];
        double Number(string column) => double.Parse(Cell(column), CultureInfo.InvariantCulture);
        Assert.Equal("2", Cell("matching_level"));
        Assert.Equal(1 - 0.75 / 2, Number("all_params_remaining"), 12);
        Assert.Equal(0.25, Number("prunable_weights_remaining"), 12);
        Assert.Equal("random-prune", Cell("baseline"));
        Assert.Equal(0.10, Number("diff_mean"), 12);
        Assert.Equal(0.10 - 0.762372, Number("diff_ci95_low"), 5);
        Assert.Equal(0.344042, Number("p_ttest"), 5);
        Assert.Equal(0.5, Number("p_wilcoxon"), 12); // both positive: W+ = 3, the largest of 4 sums; 2 × 1/4
        var display = SummaryTable.Display([group]).Rows[0];
        Assert.Equal(["imdb", "CNN", "2", "86.00 ± 1.41", "2", "62.50%", "25.00%", "89.50 ± 7.78", "+10.00 ± 8.49 [-66.24, 86.24]; p 0.344 / 0.500"], display);
    }

    [Fact]
    public void RunsTablePicksTheTicketLevelByValidationNotTest()
    {
        using var dir = new TempDir();
        using var store = Recorded(dir);
        var table = RunsTable.From(store, DateTimeOffset.UtcNow);
        int best = table.Header.ToList().FindIndex(h => h.StartsWith("Ticket Test Acc.", StringComparison.Ordinal));
        int matching = table.Header.ToList().IndexOf("Sparsest Matching Ticket (val. acc.)");
        var bySeed = table.Rows.OrderBy(r => r[4]).ToList();
        // seed 1: validation peaks at level 1 (0.88, test 0.90), not at level 2 where test peaks (0.95)
        Assert.Equal("90.00% (level 1)", bySeed[0][best]);
        Assert.Equal("75.00% (50.00%)", bySeed[0][best + 1]);
        // seed 1 against its own dense (0.86) minus the group's dense deviation (0.0141): 0.845858; level 3 (0.84) fails, level 2 matches
        Assert.Equal("level 2: 62.50% of all parameters, test 95.00%", bySeed[0][matching]);
        // seed 2: levels 2 and 3 tie at 0.87 → the lower level; threshold 0.88 − 0.0141 = 0.865858: level 3 is the sparsest match
        Assert.Equal("84.00% (level 2)", bySeed[1][best]);
        Assert.Equal("level 3: 56.25% of all parameters, test 81.00%", bySeed[1][matching]);
    }
}
