using TicketLab.Tests.Data;
using TicketLab.Tests.Runs;

namespace TicketLab.Tests.Cli;

/// <summary>The ticketlab process: bad input, help, and tiny runs on the AG News fixture.</summary>
public sealed class CliTests : IDisposable
{
    private readonly TempDirs _dirs = new();

    public void Dispose() => _dirs.Dispose();

    private string Runs() => _dirs.New();

    /// <summary>The shipped AG News cut (4 × 75 train, 200 test rows): any dataset does for what these tests check.</summary>
    private static readonly string[] Data = ["--dataset", "ag_news", "--data-dir", TestData.Fixtures];

    [Theory]
    [InlineData("--rate", "1.5", "--rate")]
    [InlineData("--rate", "0", "--rate")]
    [InlineData("--levels", "0", "--levels")]
    [InlineData("--dataset", "nope", "unknown dataset 'nope'")]
    [InlineData("--model", "nope", "unknown model 'nope'")]
    [InlineData("--rewind", "3x", "--rewind '3x' is not a rewind point")]
    [InlineData("--scope", "sideways", "--scope")]
    public void BadSettingsFailWithOneLineAndExitCode2AndWriteNothing(string option, string value, string expected)
    {
        var runs = Runs();
        var r = CliProcess.Run("lottery", option, value, "--data-dir", TestData.Fixtures, "--runs-dir", runs);
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line);
        Assert.Contains(expected, line);
        Assert.Empty(Directory.GetFileSystemEntries(runs));
    }

    [Fact]
    public void MissingDataSaysWhichFileToPutWhereAndLeavesNoCompleteRun()
    {
        var runs = Runs();
        var empty = Runs();
        var r = CliProcess.Run("train", "--data-dir", empty, "--runs-dir", runs);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("aclImdb_v1.tar.gz", r.Stderr);
        Assert.Contains(Path.Combine(empty, "imdb"), r.Stderr);
        Assert.Empty(Directory.GetFiles(runs, "results.*", SearchOption.AllDirectories));
    }

    [Fact]
    public void UnknownOptionIsAUsageError()
    {
        var r = CliProcess.Run("train", "--bogus");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--bogus", r.Stderr);
    }

    [Fact]
    public void HelpListsTheOptions()
    {
        var r = CliProcess.Run("lottery", "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("ticketlab lottery [options]", r.Stdout);   // usage names the command users type
        foreach (var o in new[] { "--levels", "--rate", "--rewind", "--baselines", "--data-dir", "--seed", "--epochs", "--max-train-examples" })
            Assert.Contains(o, r.Stdout);
    }

    [Fact]
    public void HelpOffersEverySettingWithTheChosenModelsDefaults()
    {
        var bert = CliProcess.Run("train", "--model", "bert", "--help");
        Assert.Equal(0, bert.ExitCode);
        Assert.Matches(@"--learning-rate, --lr <learning-rate>\s+learning rate \[default: 2e-5\]", bert.Stdout);
        Assert.Contains("--optimizer <adam|adamw>", bert.Stdout);
        foreach (var o in new[] { "--hidden-size", "--embedding-dim", "--filters", "--dropout", "--validation-fraction", "--max-length" })
            Assert.Contains(o, bert.Stdout);
        Assert.DoesNotContain("--rate", bert.Stdout);                         // a dense run has no pruning settings
        var cnn = CliProcess.Run("lottery", "--help");
        Assert.Matches(@"--learning-rate, --lr <learning-rate>\s+learning rate \[default: 0\.001\]", cnn.Stdout);
        Assert.Contains("--random-scope <layer-matched|global|layer>", cnn.Stdout);
        Assert.Contains("--mode <iterative|one-shot|imp>", cnn.Stdout);
    }

    [Fact]
    public void TheSameExperimentFromTheCommandLineAndFromAStudyFileIsOneRun()
    {
        var runs = Runs();
        var r = CliProcess.Run("lottery", "--dataset", "ag_news", "--model", "CNN", "--levels", "1", "--rate", "0.5", "--scope", "layer-wise", "--random-scope", "layer", "--lr", "0.002",
            "--epochs", "1", "--max-train-examples", "60", "--max-eval-examples", "30", "--max-length", "40", "--data-dir", TestData.Fixtures, "--runs-dir", runs);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var study = Path.Combine(Runs(), "study.yaml"); // a folder of its own, outside the runs folder
        File.WriteAllText(study, """
            defaults:
              data: { maxTrainExamples: 60, maxEvalExamples: 30, maxLength: 40 }
              training: { epochs: 1, learningRate: 0.002 }
              pruning: { levels: 1, rate: 0.5, scope: layerwise, randomScope: layer-matched }
            grid: { dataset: [ag_news], model: [cnn] }
            """);
        var again = CliProcess.Run("run", study, "--data-dir", TestData.Fixtures, "--runs-dir", runs);
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Single(RunFolders.In(runs));
        Assert.Equal(3, again.Stdout.Split('\n').Count(l => l.Contains("finished earlier, not recomputed")));
    }

    [Fact]
    public void AnInfiniteValidationLossIsReportedAsDivergenceNotAsASerialiserError()
    {
        var runs = Runs();
        var r = CliProcess.Run("train", "--dataset", "ag_news", "--lr", "1e30", "--epochs", "1", "--max-train-examples", "10", "--max-eval-examples", "10",
            "--max-length", "20", "--data-dir", TestData.Fixtures, "--runs-dir", runs);
        Assert.Equal(1, r.ExitCode);
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: training diverged: validation loss", line);
        Assert.DoesNotContain("JSON", line);
        Assert.Empty(Directory.GetFiles(runs, "results.*", SearchOption.AllDirectories));
    }

    [Fact]
    public void SmallLotteryRunWritesTheTableAsMarkdownAndCsv()
    {
        var runs = Runs();
        string[] args = ["lottery", .. Data, "--levels", "1", "--rate", "0.5", "--epochs", "1", "--max-train-examples", "200",
            "--max-eval-examples", "100", "--max-length", "100", "--runs-dir", runs];
        var r = CliProcess.Run(args);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var dir = Assert.Single(RunFolders.In(runs));
        var csv = File.ReadAllLines(Path.Combine(dir, "results.csv"));
        Assert.Equal(4, csv.Length); // header, dense, ticket, random-prune
        Assert.StartsWith("CNN,ticket,1,0.5,", csv[2]);
        Assert.StartsWith("CNN,random-prune,1,0.5,", csv[3]);
        var markdown = File.ReadAllText(Path.Combine(dir, "results.md"));
        Assert.Contains("| Model | Method | Level | % of all parameters remaining | % of prunable weights remaining |", markdown);
        Assert.Matches(@"\| CNN \| ticket \| 1 \| [0-9.]+% \| 50\.00% \|", r.Stdout);
        Assert.Contains("\"state\": \"done\"", File.ReadAllText(Path.Combine(dir, "status.json")));

        // the same command again is the same run: nothing is retrained
        var again = CliProcess.Run(args);
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(3, again.Stdout.Split('\n').Count(l => l.Contains("finished earlier, not recomputed")));
        Assert.Equal(csv, File.ReadAllLines(Path.Combine(dir, "results.csv")));
    }

    [Fact]
    public void ADivergingRunIsMarkedFailedWithTheStep()
    {
        var runs = Runs();
        var r = CliProcess.Run(["train", .. Data, "--lr", "1e30", "--epochs", "1", "--max-train-examples", "100", "--max-eval-examples", "50",
            "--max-length", "50", "--runs-dir", runs]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("training diverged", r.Stderr);
        var status = File.ReadAllText(Path.Combine(Assert.Single(RunFolders.In(runs)), "status.json"));
        Assert.Contains("\"state\": \"failed\"", status);
        Assert.Contains("step", status);
        Assert.Empty(Directory.GetFiles(runs, "results.*", SearchOption.AllDirectories));
    }
}
