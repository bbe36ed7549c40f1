using System.Runtime.InteropServices;

namespace TicketLab.Cli;

/// <summary>Turns SIGTERM, SIGUSR1 (Slurm's warning before the time limit) and SIGINT into a cooperative stop: the worker finishes
/// or checkpoints its epoch, releases its lease and exits 3, instead of the process dying mid-write.</summary>
internal static class StopSignals
{
    private const int SigUsr1 = 10; // Linux; not in PosixSignal, which takes raw numbers on Unix

    /// <summary>Cancels <paramref name="stop"/> on the first of those signals; dispose the result to restore the default handlers.</summary>
    public static IDisposable Register(CancellationTokenSource stop, Action<string> log)
    {
        var signals = new List<PosixSignal> { PosixSignal.SIGTERM, PosixSignal.SIGINT };
        if (OperatingSystem.IsLinux()) signals.Add((PosixSignal)SigUsr1);
        var registrations = signals.Select(s => PosixSignalRegistration.Create(s, context =>
        {
            context.Cancel = true; // keep running: the worker stops at the next epoch boundary
            if (stop.IsCancellationRequested) return;
            log($"signal {context.Signal}: stopping after the current epoch's checkpoint");
            stop.Cancel();
        })).ToList();
        return new Registrations(registrations);
    }

    private sealed class Registrations(List<PosixSignalRegistration> all) : IDisposable
    {
        public void Dispose() => all.ForEach(r => r.Dispose());
    }
}
