using System.Diagnostics;
using TicketLab.Tests.Cli;
using TicketLab.Tests.Data;
using TicketLab.Tests.Runs;

namespace TicketLab.Tests.Faults;

/// <summary>A real `ticketlab lottery` killed (SIGKILL) in the middle of an atomic write — temp file written, not yet renamed — and
/// started again ends with the same results and masks as an uninterrupted run, and leaves no temp files or checkpoints.</summary>
public sealed class KillAtWriteTests : IDisposable
{
    private readonly TempDirs _dirs = new();

    public void Dispose() => _dirs.Dispose();

    private static string[] Args(string runs) =>
        ["lottery", "--dataset", "ag_news", "--levels", "1", "--rate", "0.5", "--epochs", "1", "--max-train-examples", "64", "--max-eval-examples", "32",
         "--max-length", "60", "--data-dir", TestData.Fixtures, "--runs-dir", runs];

    private static readonly TempDir Cache = TempDir.UntilProcessExit();

    private static CliProcess.Result Run(string[] args, int? killAt)
    {
        var psi = CliProcess.StartInfo(args);
        psi.Environment["TICKETLAB_CACHE"] = Cache.Path; // the reference run fills it, so the killed runs count only their own writes
        if (killAt is { } n) psi.Environment[AtomicFile.KillAtWriteVariable] = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(3)), "ticketlab lottery did not finish");
        return new CliProcess.Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void KilledAtAtomicWritesTheResumedRunEqualsAnUninterruptedOne()
    {
        var reference = _dirs.New();
        var r = Run(Args(reference), null);
        Assert.True(r.ExitCode == 0, r.Stderr);

        var resumed = _dirs.New();
        // each start dies at its Nth write: at a status file, a level's mask, and later ones once finished levels are no longer rewritten
        var kills = 0;
        foreach (var n in new[] { 3, 9, 12, 15 })
        {
            var killed = Run(Args(resumed), n);
            if (killed.ExitCode == 0) break;                           // fewer writes left than n: it finished
            Assert.Equal(137, killed.ExitCode);                        // 128 + SIGKILL: the hook, not an error
            kills++;
            Assert.Single(RunFolders.In(resumed));
            Assert.NotEmpty(Directory.GetFiles(resumed, "*" + AtomicFile.TempExtension, SearchOption.AllDirectories)); // killed before the rename (in the run or its dense unit)
        }
        Assert.True(kills >= 3, $"only {kills} kills");
        var final = Run(Args(resumed), null);
        Assert.True(final.ExitCode == 0, final.Stderr);

        var a = Assert.Single(RunFolders.In(reference));
        var b = Assert.Single(RunFolders.In(resumed));
        Assert.Equal(Path.GetFileName(a), Path.GetFileName(b));
        Assert.Equal(WithoutTimes(Path.Combine(a, "results.csv")), WithoutTimes(Path.Combine(b, "results.csv")));
        var masks = Directory.GetFiles(Path.Combine(a, "levels"), "*.mask", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(a, f)).Order().ToList();
        Assert.Equal(3, masks.Count);
        foreach (var file in masks.Concat(masks.Select(m => Path.ChangeExtension(m, ".weights"))))
            Assert.True(File.ReadAllBytes(Path.Combine(a, file)).SequenceEqual(File.ReadAllBytes(Path.Combine(b, file))), $"{file} differs");
        Assert.Empty(Directory.GetFiles(b, "*" + AtomicFile.TempExtension, SearchOption.AllDirectories));
        Assert.Empty(Directory.GetDirectories(b, "*.checkpoint", SearchOption.AllDirectories));
    }

    private static List<string> WithoutTimes(string csv) =>
        File.ReadAllLines(csv).Select(l => string.Join(',', l.Split(',')[..^1])).ToList(); // last column: seconds
}
