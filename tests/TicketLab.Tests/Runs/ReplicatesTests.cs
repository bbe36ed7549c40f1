using System.Globalization;
using TicketLab.Hparams;
using TicketLab.Lottery;
using TicketLab.Models;
using TicketLab.Reporting;
using TicketLab.Runs;
using TicketLab.Tests.Training;
using TicketLab.Training;
using TicketLab.Tests.Data;

namespace TicketLab.Tests.Runs;

public class ReplicatesTests
{
    [Fact]
    public void SummaryGivesMeanAndStandardDeviationOverSeeds()
    {
        using var temp = new TempDir();
        var runs = temp.Path;
        // The AG News fixture: Experiment reads datasets by name, and only AG News and Yelp have no fixed size to check.
        var h = new RunHparams(SmallImdb.Hparams with { Dataset = "ag_news" }, new ModelHparams(EmbeddingDim: 16, Filters: 8), new TrainingHparams(Epochs: 1, BatchSize: 32),
            new PruningHparams(Rate: 0.5, Levels: 1, Baselines: Baselines.RandomPrune));
        var replicates = new Replicates(h, [1, 2, 3], new ExperimentOptions(TestData.Fixtures, runs, Downloader: TicketLab.Data.Downloader.Offline));
        replicates.Run();

        var perSeed = replicates.Experiments.Select(e => File.ReadAllLines(Path.Combine(e.RunDir, "results.csv")).Skip(1)
            .Select(l => l.Split(',')).ToList()).ToList();
        var summary = File.ReadAllLines(Path.Combine(replicates.SummaryDir, "summary.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(3, summary.Count); // dense, ticket, random-prune
        foreach (var row in summary)
        {
            var accs = perSeed.Select(rows => double.Parse(rows.Single(r => r[1] == row[1] && r[2] == row[2])[11], CultureInfo.InvariantCulture)).ToList();
            var expected = Stat.Of(accs);
            Assert.Equal("3", row[3]);
            Assert.Equal(expected.Mean, double.Parse(row[14], CultureInfo.InvariantCulture), 12);
            Assert.Equal(expected.Std, double.Parse(row[15], CultureInfo.InvariantCulture), 12);
        }
        Assert.Contains("Mean Jaccard between seeds' tickets", File.ReadAllText(Path.Combine(replicates.SummaryDir, "summary.md")));
    }
}
