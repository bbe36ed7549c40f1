using TicketLab.Store;

namespace TicketLab.Runs;

/// <summary>Keeps a claimed unit's lease alive: renews its heartbeat on its own store connection every
/// <see cref="LeasePolicy.HeartbeatEvery"/>, and cancels <see cref="Lost"/> when the lease turns out to be someone else's.</summary>
internal sealed class LeaseRenewer : IDisposable
{
    private readonly CancellationTokenSource lost = new();
    private readonly CancellationTokenSource done = new();
    private readonly Task loop;

    public LeaseRenewer(ResultsStore store, UnitClaim claim, LeasePolicy policy, Action<string> log)
    {
        loop = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                try { await Task.Delay(policy.HeartbeatEvery, done.Token); }
                catch (OperationCanceledException) { return; }
                try
                {
                    if (store.Renew(claim)) continue;
                    log($"{claim}: the lease was taken over by another worker; stopping this copy");
                    lost.Cancel();
                    return;
                }
                catch (Exception e) when (e is UserException or System.Data.Common.DbException or IOException)
                {
                    log($"{claim}: heartbeat failed ({e.Message.ReplaceLineEndings(" ")}); retrying");
                }
            }
        });
    }

    /// <summary>Cancelled when the lease was lost: the unit must stop without recording anything more.</summary>
    public CancellationToken Lost => lost.Token;

    /// <summary>Stops renewing (idempotent); <see cref="Lost"/> stays readable.</summary>
    public void Dispose()
    {
        if (done.IsCancellationRequested) return;
        done.Cancel();
        loop.Wait();
    }
}
