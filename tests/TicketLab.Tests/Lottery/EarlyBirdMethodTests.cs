using TicketLab.Data;
using TicketLab.Lottery;
using TicketLab.Models;
using TicketLab.Pruning;
using TicketLab.Store;
using TicketLab.Tests.Cli;
using TicketLab.Tests.Data;
using TicketLab.Tests.Pruning;
using TicketLab.Tests.Runs;
using TicketLab.Tests.Training;
using TicketLab.Training;
using static TorchSharp.torch;

namespace TicketLab.Tests.Lottery;

/// <summary>Early-bird tickets: the mask distance, the stop rule, the mask drawn during dense training, its start, and a run from the CLI
/// and from a study file.</summary>
public sealed class EarlyBirdMethodTests : IDisposable
{
    private static readonly ModelHparams Small = new(EmbeddingDim: 16, Filters: 8);
    private readonly TempDirs _dirs = new();

    public void Dispose() => _dirs.Dispose();

    private static Mask Hand(params (string Name, float[] Keep, long[] Shape)[] tensors) =>
        new(tensors.Select(t => (t.Name, tensor(t.Keep, t.Shape))));

    [Fact]
    public void HammingDistanceIsTheShareOfPrunablePositionsTheMasksDecideDifferently()
    {
        using var a = Hand(("a", [1, 0, 1, 1], [4]), ("b", [1, 1, 0, 0], [2, 2]));
        using var b = Hand(("a", [1, 1, 1, 0], [4]), ("b", [1, 0, 0, 0], [2, 2]));
        using var flipped = Hand(("a", [0, 1, 0, 0], [4]), ("b", [0, 0, 1, 1], [2, 2]));
        using var other = Hand(("a", [1, 0, 1, 1], [4]));
        Assert.Equal(3.0 / 8, MaskOverlap.Hamming(a, b));   // positions a1, a3 and b(0,1)
        Assert.Equal(MaskOverlap.Hamming(a, b), MaskOverlap.Hamming(b, a));
        Assert.Equal(0, MaskOverlap.Hamming(a, a));
        Assert.Equal(1, MaskOverlap.Hamming(a, flipped));
        Assert.Throws<ArgumentException>(() => MaskOverlap.Hamming(a, other));
    }

    [Fact]
    public void TheRuleStopsOnceEveryDistanceInAFullWindowIsBelowTheThreshold()
    {
        var window = new EarlyBirdWindow(3, 0.1);
        // full only from the third distance; 0.5 then 0.2 keep it open until both have left the window
        double[] distances = [0.5, 0.09, 0.05, 0.2, 0.08, 0.05, 0.09];
        bool[] expected = [false, false, false, false, false, false, true];
        Assert.Equal(expected, distances.Select(window.Add).ToArray());
        Assert.Equal([0.08, 0.05, 0.09], window.Distances);

        var one = new EarlyBirdWindow(1, 0.1);
        Assert.False(one.Add(0.1));      // below, not at, the threshold
        Assert.True(one.Add(0.0999));
    }

    [Fact]
    public void TheDrawnMaskIsTheLayerwiseMagnitudeMaskOfTheDenseWeightsWhereTheSearchStopped()
    {
        var data = SmallImdb.Load();
        var training = new TrainingHparams(Epochs: 3, BatchSize: 32);
        // at 20% sparsity two masks differ on at most 40% of positions: with a threshold of 0.5 the rule fires at the first distance
        var pruning = new PruningHparams(Scope: PruningScope.Layerwise, Rate: 0.2, Levels: 1, Baselines: Baselines.EarlyBird,
            EarlyBirdThreshold: 0.5, EarlyBirdWindow: 1);
        using var temp = new TempDir();
        var store = new FolderLevelStore(temp.Path);
        var results = new LotteryRunner(s => new TextCnn(data.Vocab.Count, 2, Small, s), training, pruning, 1, store).Run(data);
        Assert.Equal(["dense", "ticket", "early-bird"], results.Select(r => r.Method));
        var dense = results[0];
        var bird = results[2];
        var draw = Assert.IsType<EarlyBirdDraw>(bird.EarlyBird);
        int stepsPerEpoch = new Trainer(training).StepsPerEpoch(data.Train.Count);

        Assert.True(draw.Drawn);
        Assert.Equal([1L, 2], draw.Checks.Select(c => c.Step / stepsPerEpoch));   // one check per epoch, stopped at the second
        Assert.All(draw.Checks, c => Assert.Equal(0, c.Step % stepsPerEpoch));
        Assert.Null(draw.Checks[0].Distance);
        Assert.All(draw.Checks.Skip(1), c => Assert.InRange(c.Distance!.Value, 0, 0.4));
        Assert.Equal(2, draw.Epochs);
        Assert.Equal(dense.Training.Seconds, draw.DenseSeconds);
        Assert.Equal(3L * stepsPerEpoch, draw.DenseSteps);
        Assert.Equal(2.0 / 3, draw.StepShare);
        Assert.True(draw.SearchSeconds > 0);

        // the same target count in every tensor, layer by layer
        double target = EarlyBirdMethod.TargetSparsity(pruning, 1);
        Assert.Equal(0.2, target, 12);
        using var mask = store.TryLoadMask(1, EarlyBirdMethod.Id)!;
        Assert.All(mask.PerTensor(), t => Assert.Equal(PruningRate.Count(t.Total, target), t.Pruned));

        // and the positions magnitude pruning takes from the dense weights after two epochs, trained here on their own
        using var model = new TextCnn(data.Vocab.Count, 2, Small, 1);
        WeightSnapshot? atStop = null;
        new Trainer(training with { Epochs = 2 }).Train(model, data, new TrainingStart(1) { OnFinished = m => atStop = WeightSnapshot.Of(m) }).Best.Dispose();
        using (atStop)
        using (var all = Mask.Dense(model, pruning.MaskedSet(model)))
        using (var expected = new LayerwiseMagnitudePruning().Prune(all, atStop!.Tensors.ToDictionary(t => t.Name, t => t.Tensor), target))
            Assert.All(expected.Tensors, t => TensorAssert.Equal(t.Keep, mask[t.Name], t.Name));

        // the level JSON keeps the draw; the stored level is read back without searching again
        Assert.Contains("\"EarlyBird\"", File.ReadAllText(Path.Combine(temp.Path, "levels", "01", "early-bird.json")));
        Assert.DoesNotContain("\"EarlyBird\"", File.ReadAllText(Path.Combine(temp.Path, "levels", "01", "ticket.json")));
        var again = new LotteryRunner(s => new TextCnn(data.Vocab.Count, 2, Small, s), training, pruning, 1, new FolderLevelStore(temp.Path)).Run(data);
        Assert.Equal(draw.Checks, again[2].EarlyBird!.Checks);
        Assert.Equal(draw.SearchSeconds, again[2].EarlyBird!.SearchSeconds);
    }

    [Fact]
    public void TheSearchContinuesTheScheduleFromTheRewindWeightsAndTheTicketTrainsFromThem()
    {
        var data = SmallImdb.Load();
        var training = new TrainingHparams(Epochs: 3, BatchSize: 32);
        int stepsPerEpoch = new Trainer(training).StepsPerEpoch(data.Train.Count);
        long rewindStep = stepsPerEpoch; // late rewinding to the end of epoch 1
        // a check every step and a window of 1 below 1: the rule fires at the second check, two steps after the rewind point
        var pruning = new PruningHparams(Rate: 0.2, Levels: 1, Baselines: Baselines.EarlyBird, EarlyBirdThreshold: 1, EarlyBirdWindow: 1, EarlyBirdEvery: 1);
        using var model = new TextCnn(data.Vocab.Count, 2, Small, 5);
        using (var other = new TextCnn(data.Vocab.Count, 2, Small, 9))
        using (var rewind = WeightSnapshot.Of(other))
        using (var denseMask = Mask.Dense(model))
        using (var dense = new StoredLevel(new LevelResult(0, "dense", 0, 0, denseMask.PerTensor(), new TrainingResult([], 0, new Metrics(0, 0), 7.5)), denseMask.Clone(), rewind.Clone()))
        {
            var context = new LevelContext(1, 1, pruning, pruning.Strategy(), model, s => new TextCnn(data.Vocab.Count, 2, Small, s), rewindStep, rewind, dense, dense, null)
            { Data = data, Training = training, DataSeed = 4 };
            using var start = new EarlyBirdMethod().Start(context);
            Assert.Same(rewind, start.Weights);
            Assert.Equal(rewindStep, start.Step);
            Assert.Equal([rewindStep + 1, rewindStep + 2], start.EarlyBird!.Checks.Select(c => c.Step));
            Assert.Equal(7.5, start.EarlyBird.DenseSeconds);

            // the same two steps from the rewind weights, taken here: the data seed's batches, the schedule from the rewind step
            using var replay = new TextCnn(data.Vocab.Count, 2, Small, 11);
            rewind.CopyInto(replay);
            new Trainer(training).Train(replay, data, new TrainingStart(4, null, rewindStep) { AtStep = s => s == rewindStep + 2 }).Best.Dispose();
            using var all = Mask.Dense(replay);
            using var expected = new GlobalMagnitudePruning().Prune(all, ModelFixtures.Weights(replay), 0.2);
            Assert.All(expected.Tensors, t => TensorAssert.Equal(t.Keep, start.Mask[t.Name], t.Name));
        }
    }

    [Fact]
    public void TheReportPutsTheEarlyBirdBesideTheTicketWithIMPsSecondsToTheSameMask()
    {
        static LevelResult Level(int level, string method, double seconds, double accuracy) =>
            new(level, method, 1 - Math.Pow(0.5, level), 0.1 * level, [], new TrainingResult([], 0, new Metrics(0, accuracy), seconds));
        var draw = new EarlyBirdDraw([new EarlyBirdCheck(10, null, 1), new EarlyBirdCheck(20, 0.25, 2), new EarlyBirdCheck(30, 0.05, 3)],
            Drawn: true, StepsPerEpoch: 20, SearchSeconds: 30, DenseSeconds: 100, DenseSteps: 100);
        LevelResult[] levels = [Level(0, "dense", 100, 0.8), Level(1, "ticket", 50, 0.79), Level(2, "ticket", 60, 0.78), Level(2, "early-bird", 55, 0.77) with { EarlyBird = draw }];

        var row = Assert.Single(TicketLab.Reporting.EarlyBirdTable.ForRun(levels)!.Rows);
        Assert.Equal(["2", "80.00%", "25.00%", "1.5", "0.250 0.050", "30.0", "100.0", "150.0", "77.00%", "78.00%"], row);
        Assert.Equal("100.0", TicketLab.Reporting.EarlyBirdTable.ForRun(levels, iterative: false)!.Rows[0][7]); // one-shot: the dense network alone
        Assert.Null(TicketLab.Reporting.EarlyBirdTable.ForRun(levels[..3]));
        Assert.Equal(0.3, draw.StepShare);
    }

    [Fact]
    public void TheCliAndAStudyFileRunTheEarlyBirdMethodByItsNameAsOneRun()
    {
        var runs = _dirs.New();
        string[] settings = ["--levels", "1", "--rate", "0.5", "--epochs", "3", "--max-train-examples", "60", "--max-eval-examples", "30", "--max-length", "40",
            "--baselines", "early-bird", "--early-bird-threshold", "1", "--early-bird-window", "1"];
        var r = CliProcess.Run(["lottery", "--dataset", "ag_news", "--data-dir", TestData.Fixtures, "--runs-dir", runs, .. settings]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var dir = Assert.Single(RunFolders.In(runs));
        Assert.Contains(File.ReadAllLines(Path.Combine(dir, "results.csv")), l => l.StartsWith("CNN,early-bird,1,0.5,"));
        var page = File.ReadAllText(Path.Combine(dir, "results.md"));
        Assert.Contains("## Early-bird tickets", page);
        Assert.Matches(@"\| 1 \| [0-9.]+% \| 50\.00% \| 2 \| ", page); // stopped at the second epoch's check

        var study = Path.Combine(_dirs.New(), "study.yaml");
        File.WriteAllText(study, """
            defaults:
              data: { max-train-examples: 60, max-eval-examples: 30, max-length: 40 }
              training: { epochs: 3 }
              pruning: { levels: 1, rate: 0.5, baselines: [early-bird], early-bird-threshold: 1, early-bird-window: 1 }
            grid: { dataset: [ag_news], model: [cnn] }
            """);
        var again = CliProcess.Run("run", study, "--data-dir", TestData.Fixtures, "--runs-dir", runs);
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Single(RunFolders.In(runs));
        Assert.Equal(3, again.Stdout.Split('\n').Count(l => l.Contains("finished earlier, not recomputed")));

        var bad = CliProcess.Run(["lottery", "--dataset", "ag_news", "--data-dir", TestData.Fixtures, "--runs-dir", _dirs.New(), .. settings[..^4], "--early-bird-window", "0"]);
        Assert.Equal(2, bad.ExitCode);
        Assert.StartsWith("error: --early-bird-window must be at least 1", bad.Stderr.Trim());
    }
}
