using System.Diagnostics;
using TicketLab.Tests.Cli;
using TicketLab.Tests.Data;

namespace TicketLab.Tests.Runs;

/// <summary>A lottery run killed with SIGKILL at any point and started again ends exactly where an uninterrupted one does (on the AG News fixture).</summary>
public sealed class ResumeTests : IDisposable
{
    private readonly TempDirs _dirs = new();

    public void Dispose() => _dirs.Dispose();

    private string NewDir() => _dirs.New();

    private static string[] Args(string runs) =>
        ["lottery", "--dataset", "ag_news", "--levels", "2", "--rate", "0.5", "--epochs", "2", "--rewind", "3it", "--max-train-examples", "160",
         "--max-eval-examples", "80", "--max-length", "60", "--data-dir", TestData.Fixtures, "--runs-dir", runs];

    [Fact]
    public void KilledAtSeveralPointsTheResumedRunEqualsAnUninterruptedOneBitForBit()
    {
        var reference = NewDir();
        Assert.Equal(0, CliProcess.Run(Args(reference)).ExitCode);

        var resumed = NewDir();
        // each marker is a line after which the process is killed; the next start must continue, not redo, the work
        foreach (var (marker, skip) in new[] { ("epoch 1/2", 0), ("level 1 ticket (", 0), ("epoch 2/2", 3), ("level 2 random-prune (", 0) })
            KillAfter(Args(resumed), marker, skip);
        var final = CliProcess.Run(Args(resumed));
        Assert.True(final.ExitCode == 0, final.Stderr);
        Assert.Contains("finished earlier, not recomputed", final.Stdout);

        var a = Assert.Single(RunFolders.In(reference));
        var b = Assert.Single(RunFolders.In(resumed));
        Assert.Equal(Path.GetFileName(a), Path.GetFileName(b));
        Assert.Equal(WithoutTimes(Path.Combine(a, "results.csv")), WithoutTimes(Path.Combine(b, "results.csv")));
        var artefacts = Directory.GetFiles(Path.Combine(a, "levels"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".mask") || f.EndsWith(".weights")).Select(f => Path.GetRelativePath(a, f)).Order().ToList();
        Assert.Equal(10, artefacts.Count); // dense + 2 × (ticket, random-prune), mask and weights each
        Assert.Equal(artefacts, Directory.GetFiles(Path.Combine(b, "levels"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".mask") || f.EndsWith(".weights")).Select(f => Path.GetRelativePath(b, f)).Order().ToList());
        foreach (var file in artefacts)
            Assert.True(File.ReadAllBytes(Path.Combine(a, file)).SequenceEqual(File.ReadAllBytes(Path.Combine(b, file))), $"{file} differs");
        Assert.Empty(Directory.GetDirectories(b, "*.checkpoint", SearchOption.AllDirectories));
    }

    [Fact]
    public void ACorruptCheckpointIsRecomputedNotUsed()
    {
        var runs = NewDir();
        KillAfter(Args(runs), "epoch 1/2", 0);
        var run = Assert.Single(RunFolders.In(runs));
        var checkpoint = Assert.Single(Directory.GetDirectories(Path.Combine(run, "levels"), "*.checkpoint", SearchOption.AllDirectories));
        var weights = Path.Combine(checkpoint, "model.weights");
        var bytes = File.ReadAllBytes(weights);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(weights, bytes);
        Assert.Null(new TicketLab.Training.FolderCheckpointStore(checkpoint).TryLoad());
        var reference = NewDir();
        Assert.Equal(0, CliProcess.Run(Args(reference)).ExitCode);
        Assert.Equal(0, CliProcess.Run(Args(runs)).ExitCode);
        Assert.Equal(WithoutTimes(Path.Combine(Assert.Single(RunFolders.In(reference)), "results.csv")), WithoutTimes(Path.Combine(run, "results.csv")));
    }

    private static void KillAfter(string[] args, string marker, int skip)
    {
        using var p = Process.Start(CliProcess.StartInfo(args))!;
        p.ErrorDataReceived += (_, _) => { };
        p.BeginErrorReadLine();
        int seen = 0;
        string? line;
        while ((line = p.StandardOutput.ReadLine()) is not null)
            if (line.Contains(marker) && seen++ >= skip) break;
        if (!p.HasExited) p.Kill(); // SIGKILL on Linux: no chance to tidy up
        p.WaitForExit();
    }

    private static List<string> WithoutTimes(string csv) =>
        File.ReadAllLines(csv).Select(l => string.Join(',', l.Split(',')[..^1])).ToList(); // last column: seconds
}
