using TicketLab.Hparams;
using TicketLab.Lottery;
using TicketLab.Models;
using TicketLab.Store;
using TicketLab.Tests.Data;
using TicketLab.Tests.Training;
using TicketLab.Training;

namespace TicketLab.Tests.Lottery;

public class RewindPointTests
{
    [Theory]
    [InlineData("0", "0")]
    [InlineData("500it", "500it")]
    [InlineData("500", "500it")]
    [InlineData("2ep", "2ep")]
    [InlineData("2%", "2%")]
    [InlineData("0.5%", "0.5%")]
    [InlineData("0.25%", "0.25%")]
    [InlineData("2.50%", "2.5%")]
    [InlineData("0%", "0")]            // a zero share is initialisation, and keeps its run name
    public void ParsesAndFormatsRoundTrip(string text, string formatted)
    {
        var point = RewindPoint.Parse(text);
        Assert.Equal(formatted, point.ToString());
        Assert.Equal(point, RewindPoint.Parse(point.ToString()));
    }

    [Fact]
    public void AShareOfTrainingIsTheNearestStepAndAtLeastOne()
    {
        // 50 steps per epoch × 5 epochs = 250 steps
        Assert.Equal(5, RewindPoint.Parse("2%").ToSteps(50, 5));
        Assert.Equal(1, RewindPoint.Parse("0.5%").ToSteps(50, 5));   // 1.25 → 1
        Assert.Equal(2, RewindPoint.Parse("0.7%").ToSteps(50, 5));   // 1.75 → 2
        Assert.Equal(2, RewindPoint.Parse("1%").ToSteps(50, 3));     // 1.5 → 2: halves round up
        Assert.Equal(1, RewindPoint.Parse("0.01%").ToSteps(50, 5));  // 0.025 → at least one step, never initialisation
        Assert.Equal(0, RewindPoint.Parse("0").ToSteps(50, 5));
        // the other units ignore the epoch count
        Assert.Equal(100, RewindPoint.Parse("2ep").ToSteps(50, 5));
        Assert.Equal(7, RewindPoint.Parse("7it").ToSteps(50, 5));
    }

    [Theory]
    [InlineData("-1%", "below 100%")]
    [InlineData("100%", "below 100%")]
    [InlineData("150%", "below 100%")]
    [InlineData("abc%", "<p>% of training")]
    [InlineData("%", "<p>% of training")]
    [InlineData("0.125%", "two decimals")]
    [InlineData("3x", "<k>ep")]
    public void BadTextIsRejectedNamingTheOption(string text, string hint)
    {
        var e = Assert.ThrowsAny<UserException>(() => SettingsVocabulary.Bind([new SettingValue("--rewind", text)], RunKind.Lottery));
        Assert.StartsWith($"--rewind '{text}' is not a rewind point", e.Message);
        Assert.Contains(hint, e.Message);
    }

    [Fact]
    public void ExistingRewindPointsKeepTheirRunNames()
    {
        var h = SettingsVocabulary.Bind([new SettingValue("--rewind", "1ep")], RunKind.Lottery);
        Assert.Contains("Pruning.Rewind=1ep", RunIdentity.Canonical(h));
        var share = SettingsVocabulary.Bind([new SettingValue("--rewind", "2%")], RunKind.Lottery);
        Assert.Contains("Pruning.Rewind=2%", RunIdentity.Canonical(share));
        Assert.NotEqual(RunIdentity.Name(h), RunIdentity.Name(share));
        Assert.DoesNotContain("Rewind", RunIdentity.Canonical(SettingsVocabulary.Bind([new SettingValue("--rewind", "0%")], RunKind.Lottery)));
    }

    [Fact]
    public void TwoPercentRewindsTheTicketsToThatShareOfTheDenseRunsStepsOnARealRun()
    {
        var data = SmallImdb.Load();
        var training = new TrainingHparams(Epochs: 2, BatchSize: 4);
        long total = 2L * ((data.Train.Count + 3) / 4);
        long expected = (long)Math.Round(0.02 * total, MidpointRounding.AwayFromZero);
        Assert.True(expected >= 2, "the run is long enough for 2% to be more than the one-step minimum");
        var steps = new StepCounter();
        using var dir = new TempDir();
        new LotteryRunner(s => new TextCnn(data.Vocab.Count, 2, new ModelHparams(EmbeddingDim: 16, Filters: 8), s), training,
            new PruningHparams(Rate: 0.5, Levels: 1, Baselines: Baselines.None, Rewind: RewindPoint.Parse("2%")), 1,
            new FolderLevelStore(dir.Path), steps, steps).Run(data);
        Assert.Equal(total, steps.Taken[Methods.Dense]);
        Assert.Equal(total - expected, steps.Taken[Methods.Ticket]);        // restarted at step round(2% × total)
        Assert.Equal(total - expected, steps.Taken[Methods.DenseRewind]);   // the control restarts at the same step
    }

    /// <summary>The optimiser steps each method's training takes.</summary>
    private sealed class StepCounter : ITrainingObserver, ILotteryObserver
    {
        private string method = "";
        public Dictionary<string, long> Taken { get; } = [];
        public void OnLevelStart(int level, string method, double sparsity) => (this.method, Taken[method]) = (method, 0);
        public void OnStep(int epoch, int batch, int batchesPerEpoch, double loss) => Taken[method]++;
    }
}
