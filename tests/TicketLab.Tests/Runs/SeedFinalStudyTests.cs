using TicketLab.Data;
using TicketLab.Hparams;
using TicketLab.Lottery;
using TicketLab.Pruning;
using TicketLab.Runs;
using TicketLab.Tests.Data;

namespace TicketLab.Tests.Runs;

/// <summary>The shipped final protocol, shrunk to the fixtures and run end to end: what CI can afford of it.</summary>
public class SeedFinalStudyTests
{
    private static string StudyPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "experiments", "seed-final.yaml")))
                return Path.Combine(dir.FullName, "experiments", "seed-final.yaml");
        throw new FileNotFoundException("experiments/seed-final.yaml not found above the test binaries");
    }

    /// <summary>The same protocol at smoke size: tiny data, one epoch, two levels.</summary>
    private static RunHparams Shrink(RunHparams h) => h with
    {
        Data = h.Data with { Dataset = "ag_news", MaxTrainExamples = 64, MaxEvalExamples = 32, MaxLength = 40 },
        Training = h.Training with { Epochs = 1, BatchSize = 16 },   // 4 steps: room for a 2% rewind (step 1)
        Pruning = h.Pruning with { Levels = 2 },
    };

    [Fact]
    public void TheFileStatesTheFinalProtocol()
    {
        var study = StudyFile.Load(StudyPath());
        Assert.Equal([1, 2, 3, 4, 5], study.Seeds);
        Assert.Equal(8, study.Cells.Count); // imdb and ag_news × cnn and lstm × rewind 0 and 2%
        Assert.All(study.Cells, c =>
        {
            Assert.Equal(PruningMode.Iterative, c.Pruning.Mode);
            Assert.Equal(PruningScope.Layerwise, c.Pruning.Scope);
            Assert.Equal(0.2, c.Pruning.Rate);
            Assert.Equal(20, c.Pruning.Levels);
            Assert.Equal(PrunableSet.Weights | PrunableSet.Output | PrunableSet.Biases | PrunableSet.Embeddings, c.Pruning.Prunable);
            Assert.Equal(Baselines.RandomPrune | Baselines.RandomReinit, c.Pruning.Baselines);
            Assert.Equal(ScoreWeights.Final, c.Pruning.ScoreWeights);
            Assert.False(c.VarySplit); // one split for all seeds: seeds vary initialisation and data order
        });
        Assert.Equal(["0", "2%"], study.Cells.Select(c => c.Pruning.Rewind.ToString()).Distinct().Order());
        // the dense-rewind control is trained exactly where the rewind point is not 0
        Assert.All(study.Cells, c => Assert.Equal(c.Pruning.Rewind != default,
            LotteryMethods.Plan(c.Pruning).Any(p => p.Method.Name == Methods.DenseRewind)));
    }

    [Fact]
    public void OneCellRunsEndToEndPruningEveryParameterAtTwentyPercentPerLevel()
    {
        var full = StudyFile.Load(StudyPath());
        var cells = full.Cells.Select(Shrink).ToList();
        foreach (var cell in cells) cell.Validate();
        // the first cell: TextCNN rewound to initialisation (the 2% cell is run by the next test)
        var cell0 = cells.First(c => c.Model.Name == "cnn" && c.Pruning.Rewind == default);
        using var temp = new TempDir();
        var study = new Study(full with { Cells = [cell0], Seeds = [1] },
            new ExperimentOptions(TestData.Fixtures, temp.Path, Downloader: Downloader.Offline));
        var levels = study.Run().Single().Levels;

        Assert.Single(levels, l => l.Level == 0 && l.Method == Methods.Dense);
        foreach (var method in new[] { Methods.Ticket, Methods.RandomPrune, Methods.RandomReinit })
            for (int level = 1; level <= 2; level++)
                Assert.Single(levels, l => l.Level == level && l.Method == method);
        foreach (var l in levels.Where(l => l.Level == 2))
        {
            // every parameter is prunable, so the sparsity of all of them is the schedule's, up to per-tensor rounding
            Assert.InRange(l.SparsityOfAll, 1 - 0.8 * 0.8 - 0.005, 1 - 0.8 * 0.8 + 0.005);
            Assert.Equal(l.Sparsity, l.SparsityOfAll, 9);
            var embedding = l.PerTensor.Single(t => t.Name.Contains("embed", StringComparison.OrdinalIgnoreCase));
            Assert.InRange(embedding.Sparsity, 0.355, 0.365);
        }
    }

    [Fact]
    public void TheLateRewindingCellRunsAtSmokeSizeWithItsDenseRewindControl()
    {
        var full = StudyFile.Load(StudyPath());
        var late = Shrink(full.Cells.First(c => c.Model.Name == "cnn" && c.Pruning.Rewind != default));
        var cell = late with { Pruning = late.Pruning with { Levels = 1 } };
        using var temp = new TempDir();
        var levels = new Study(full with { Cells = [cell], Seeds = [1] },
            new ExperimentOptions(TestData.Fixtures, temp.Path, Downloader: Downloader.Offline)).Run().Single().Levels;
        Assert.Equal([(0, "dense"), (0, "dense-rewind"), (1, "ticket"), (1, "random-prune"), (1, "random-reinit")], levels.Select(l => (l.Level, l.Method)));
        Assert.Equal(0, levels[1].SparsityOfAll);

        // the report holds the ticket against the control, not against the dense network that never restarted
        using var store = TicketLab.Store.ResultsStore.Open(temp.Path);
        using var report = new TempDir();
        new TicketLab.Reporting.ReportBuilder(store).Build(report.Path);
        var lines = File.ReadAllLines(Path.Combine(report.Path, cell.Data.Dataset, "comparisons.csv"));
        var header = lines[0].Split(',');
        var rows = lines[1..].Select(l => l.Split(',')).Select(r => header.Zip(r).ToDictionary(x => x.First, x => x.Second)).ToList();
        Assert.Equal(["random-prune", "random-reinit", "dense-rewind"], rows.Select(r => r["baseline"]));
        var control = rows[^1];
        Assert.Equal(("ticket", "1", "1"), (control["method"], control["level"], control["seeds"]));
        Assert.Equal(levels[2].Training.Test.Accuracy - levels[1].Training.Test.Accuracy, double.Parse(control["diff_mean"], System.Globalization.CultureInfo.InvariantCulture), 12);
    }
}
