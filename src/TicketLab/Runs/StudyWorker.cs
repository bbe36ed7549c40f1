using TicketLab.Lottery;
using TicketLab.Store;

namespace TicketLab.Runs;

/// <summary>One worker of a study: claims the next unit (run, level, method) in the store, trains it, marks it done, until no unit of
/// the study is left to claim; any number of them, in one process or on many machines, share a study and never train a unit twice.</summary>
/// <remarks>A claim is a lease (host, pid, worker, since, heartbeat) renewed while the unit trains; a lease gone silent for
/// <see cref="LeasePolicy.Timeout"/>, or whose process died on this host, is taken over and the unit resumes from its last checkpoint.
/// While other workers hold units that later ones wait for, the worker waits too. The worker that finishes a run's last unit writes
/// the run's results files (under the run's exclusive lock).</remarks>
public sealed class StudyWorker(StudyFile file, ExperimentOptions options, LeasePolicy? lease = null)
{
    private readonly ExperimentOptions options = options with { RewindSweep = file.RewindSweep() };

    private readonly LeasePolicy policy = lease ?? LeasePolicy.Default;

    /// <summary>How long a worker with nothing to claim waits before asking again while other workers hold units.</summary>
    public TimeSpan PollEvery { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Works until every unit of the study is done or failed, or <paramref name="stop"/> is cancelled (checked between units
    /// and at epoch boundaries; the unit in hand goes back to waiting).</summary>
    public WorkerOutcome Run(CancellationToken stop = default)
    {
        var log = options.Log ?? (_ => { });
        var experiments = file.Runs().Select(h => new Experiment(h, options)).ToList();
        foreach (var e in experiments) e.Validate();
        var byName = experiments.GroupBy(e => e.RunName).ToDictionary(g => g.Key, g => g.First());
        var runs = byName.Keys.ToList();
        var me = LeaseHolder.NewWorker();
        using var store = ResultsStore.Open(options.StoreLocation);
        using var renewals = ResultsStore.Open(options.StoreLocation); // the heartbeat's own connection: a store is used by one thread at a time
        foreach (var e in byName.Values) store.RegisterUnits(e.RunName, e.Units(), done: RunLifecycle.ReadState(e.RunDir) == RunState.Done, e.Shares);
        store.RetryFailed(runs);

        int trained = 0, failed = 0;
        Exception? firstError = null;
        var busy = new HashSet<string>(); // runs a whole-run writer holds: not claimable for this worker
        while (!stop.IsCancellationRequested)
        {
            var claim = store.Claim(runs.Except(busy).ToList(), me, policy.Timeout);
            if (claim is null)
            {
                var units = store.Units(runs);
                if (!units.Any(u => u.State == UnitState.Running)) break; // nothing running can unlock more
                if (stop.WaitHandle.WaitOne(PollEvery)) break;
                continue;
            }
            var experiment = byName[claim.Run];
            log($"{claim}: claimed{(claim.TakenOver ? " from a lost lease; resuming from its checkpoint" : "")}");
            using var renewer = new LeaseRenewer(renewals, claim, policy, log);
            using var unitStop = CancellationTokenSource.CreateLinkedTokenSource(stop, renewer.Lost);
            try
            {
                new Experiment(experiment.Hparams, options with { Stop = unitStop.Token }).RunUnit(claim.Unit);
                renewer.Dispose();
                trained++;
                if (store.Complete(claim)) Finish(experiment, log);
            }
            catch (OperationCanceledException) when (unitStop.IsCancellationRequested)
            {
                renewer.Dispose();
                if (renewer.Lost.IsCancellationRequested) continue; // the new holder finishes it
                store.Release(claim);
                log($"{claim}: stopped; released for the next worker to resume from its checkpoint");
                break;
            }
            catch (RunBusyException e)
            {
                store.Release(claim);
                busy.Add(claim.Run);
                log(e.Message);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                store.Fail(claim, e.Message.ReplaceLineEndings(" "));
                failed++;
                firstError ??= e;
                log($"{claim}: failed: {e.Message.ReplaceLineEndings(" ")}");
            }
        }
        var left = store.Units(runs);
        // runs whose last unit another worker finished but could not write up (it died, or its lock was busy)
        if (!stop.IsCancellationRequested)
            foreach (var e in byName.Values.Where(e => left.Where(u => u.Run == e.RunName).All(u => u.State == UnitState.Done)
                                                       && RunLifecycle.ReadState(e.RunDir) != RunState.Done))
                Finish(e, log);
        return new WorkerOutcome(trained, left.Count(u => u.State != UnitState.Done), left.Count(u => u.State == UnitState.Failed),
            stop.IsCancellationRequested) { FirstError = firstError };
    }

    /// <summary><paramref name="workers"/> workers on threads of this process, each with its share of the CPUs; the outcomes summed.</summary>
    public static WorkerOutcome RunMany(StudyFile file, ExperimentOptions options, int workers, LeasePolicy? lease = null, CancellationToken stop = default)
    {
        if (workers <= 1) return new StudyWorker(file, options, lease).Run(stop);
        var outcomes = Enumerable.Range(0, workers)
            .Select(_ => Task.Factory.StartNew(() => new StudyWorker(file, options, lease).Run(stop), TaskCreationOptions.LongRunning))
            .ToArray();
        Task.WaitAll(outcomes);
        var all = outcomes.Select(t => t.Result).ToList();
        return new WorkerOutcome(all.Sum(o => o.Trained), all.Min(o => o.Left), all.Max(o => o.Failed), all.Any(o => o.Stopped))
        {
            FirstError = all.Select(o => o.FirstError).FirstOrDefault(e => e is not null),
        };
    }

    /// <summary>Writes a finished run's results files and marks it done, under its exclusive lock; a worker still inside the run
    /// (between its last unit and its lock's release) leaves it to the next that finds it finished.</summary>
    private static void Finish(Experiment experiment, Action<string> log)
    {
        try
        {
            experiment.Run(); // every unit is stored: reads them back, writes results.md/.csv and status done
            log($"{experiment.RunName}: every unit done; results written");
        }
        catch (RunBusyException)
        {
        }
    }
}
