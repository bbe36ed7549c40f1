using System.Diagnostics;
using TicketLab.Runs;
using TicketLab.Store;
using TicketLab.Tests.Cli;
using TicketLab.Tests.Data;
using TicketLab.Tests.Runs;

namespace TicketLab.Tests.Faults;

/// <summary>A run whose disk fills up ends with one error line naming the path and the cause, exit 2, and a state that is not "running".</summary>
/// <remarks>The disk is a real 2 MiB tmpfs (mounting needs root, which the test machine has); without mount rights it is skipped with the reason.</remarks>
public sealed class LifecycleDiskFullTests : IDisposable
{
    private readonly TempDirs _dirs = new();

    public void Dispose() => _dirs.Dispose();

    [SkippableFact]
    public void ARunOnAFullDiskFailsWithOneLineAndResumesOnceThereIsRoom()
    {
        var mount = _dirs.New();
        Skip.IfNot(Sh("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mount), "cannot mount a tmpfs here (mounting needs root)");
        try
        {
            var runs = Path.Combine(mount, "runs");
            string[] args = ["lottery", "--dataset", "ag_news", "--levels", "1", "--epochs", "1", "--max-train-examples", "160", "--max-eval-examples", "80",
                             "--max-length", "60", "--data-dir", TestData.Fixtures, "--runs-dir", runs];
            var full = CliProcess.Run(args);
            Assert.Equal(2, full.ExitCode);
            var error = Assert.Single(full.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("error: ", error);
            Assert.True(error.Contains("No space left on device") || error.Contains("disk is full"), error);
            Assert.Contains(mount, error); // names the path
            Assert.DoesNotContain("   at ", full.Stderr + full.Stdout);

            var runDir = Assert.Single(RunFolders.In(runs));
            Assert.False(RunLock.IsHeld(runDir));
            Assert.True(Sh("mount", "-o", "remount,size=256m", mount)); // room again: the record can be read and the run resumed
            using (var store = ResultsStore.Open(runs))
            {
                var state = RunLiveness.Effective(store.Run(Path.GetFileName(runDir))!, DateTimeOffset.UtcNow);
                Assert.True(state is RunState.Failed or RunState.Partial, $"the full disk left the run {state}");
            }
            var resumed = CliProcess.Run(args);
            Assert.True(resumed.ExitCode == 0, resumed.Stderr);
            Assert.Equal(RunState.Done, RunLifecycle.ReadState(runDir));
        }
        finally
        {
            Sh("umount", "-l", mount); // detached before Dispose deletes the folder: a mount point cannot be removed
        }
    }

    private static bool Sh(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        try
        {
            using var p = Process.Start(psi)!;
            p.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception) { return false; }
    }
}
