using TicketLab.Lottery;
using TicketLab.Store;
using TicketLab.Tests.Cli;
using TicketLab.Tests.Data;
using TicketLab.Tests.Store;

namespace TicketLab.Tests.Reporting;

public class ReportCommandTests
{
    [Fact]
    public void ReportIndexesRunFoldersAndWritesThePageWhereAsked()
    {
        using var runs = new TempDir();
        foreach (var seed in new[] { 1, 2 })
            FakeRuns.WriteFolder(runs.Path, FakeRuns.Hparams(seed), [FakeRuns.Level(0, Methods.Dense, 0.85), FakeRuns.Level(1, Methods.Ticket, 0.86 + seed / 100.0)]);
        var outDir = runs.Combine("elsewhere");

        var r = CliProcess.Run("report", runs.Path, "--out", outDir);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.True(File.Exists(Path.Combine(outDir, "report.html")));
        Assert.Contains("| CNN | 1 | 60.00% | 50.00% | 87.50 ± 0.71 |", File.ReadAllText(Path.Combine(outDir, "imdb", "levels.md")));
        Assert.False(File.Exists(Path.Combine(runs.Path, ResultsStore.FileName))); // it only reads: the index it built stayed in memory

        var listed = CliProcess.Run("runs", runs.Path);
        Assert.Equal(0, listed.ExitCode);
        Assert.Equal(2, listed.Stdout.Split('\n').Count(l => l.Contains("| done | imdb | CNN |")));
    }

    [Fact]
    public void AMissingRunsFolderIsAUsageError()
    {
        var r = CliProcess.Run("report", Path.Combine(Path.GetTempPath(), "no-such-runs-" + Guid.NewGuid().ToString("N")));
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("error: no runs folder at ", r.Stderr);
    }
}
