using System.Text.Json;
using System.Data.Common;
using TicketLab.Hparams;
using TicketLab.Lottery;
using TicketLab.Store;

namespace TicketLab.Runs;

/// <summary>The one way every run goes: validate → lock → (finished: read back) → inputs → run.json → store → running → body →
/// results files → done or failed with its cause → unlock.</summary>
/// <remarks>An environment fault (disk full, read-only folder, permission denied, store locked) ends the run as failed with its
/// cause (best effort: when even that cannot be written, the released lock and the dead pid make the run read as partial) and
/// comes out as one <see cref="UserException"/> naming the path and the cause.</remarks>
public static class RunLifecycle
{
    public const string StatusFile = "status.json";

    public static ExperimentOutcome Run(IRunBody body, ExperimentOptions options)
    {
        bool created = !Directory.Exists(body.RunDir);
        var (held, log) = Begin(body, options, shared: false);
        using (held)
        {
            var levels = new FolderLevelStore(body.RunDir, log);
            IReadOnlyList<LevelResult>? finished;
            try
            {
                levels.SweepLeftovers(); // orphan temp files and checkpoints of finished levels a killed run left behind: safe only under the lock
                finished = ReadBack(body, levels);
            }
            catch (Exception e) when (IsEnvironment(e)) { throw Fault(body, e); }
            if (finished is not null)
            {
                log($"{body.RunName} finished earlier: read back, not recomputed");
                foreach (var level in finished) options.LotteryObserver?.OnLevelDone(level, fromStore: true); // watchers only: the record stays as it is
                return new ExperimentOutcome(body.RunDir, body.RunName, finished, body.Table(finished));
            }
            try
            {
                body.Prepare(log);
            }
            catch (Exception e)
            {
                if (created) Forget(held, body.RunDir); // bad input: leave no folder behind that looks like a run
                if (IsEnvironment(e)) throw Fault(body, e);
                throw;
            }
            using var recorder = new RunRecorder(options.Store);
            try
            {
                WriteRunJson(body);
                recorder.Started(body.Hparams, body.RunName, body.RunDir, body.GroupKey);
                WriteStatus(body.RunDir, RunState.Running, null);
                var results = body.Execute(new RunContext(levels, recorder.Observing(options.LotteryObserver), log));
                AtomicFile.WriteAllText(Path.Combine(body.RunDir, "results.md"), results.Page);
                AtomicFile.WriteAllText(Path.Combine(body.RunDir, "results.csv"), results.Csv);
                WriteStatus(body.RunDir, RunState.Done, null);
                recorder.Finished();
                return new ExperimentOutcome(body.RunDir, body.RunName, results.Levels, results.Markdown);
            }
            catch (Exception e)
            {
                var fault = IsEnvironment(e) ? Fault(body, e) : e;
                MarkFailed(body, recorder, fault.Message);
                if (ReferenceEquals(fault, e)) throw;
                throw fault;
            }
        }
    }

    /// <summary>Trains one unit of a run as the worker that claimed it: validate → shared lock (other workers train other units of the
    /// run; a whole-run writer keeps them out) → inputs → (the dense unit: run.json, status running) → store → the unit → unlock.</summary>
    /// <remarks>A failure marks the run failed as <see cref="Run"/> does; a stop request (<see cref="OperationCanceledException"/>)
    /// marks nothing: the unit resumes from its checkpoint. Results files and status done are the whole-run writer's, once every unit is done.</remarks>
    public static LevelResult RunUnit(IRunBody body, LevelUnit unit, ExperimentOptions options)
    {
        var (held, log) = Begin(body, options, shared: true);
        using (held)
        {
            var levels = new FolderLevelStore(body.RunDir, log);
            try
            {
                body.Prepare(log);
            }
            catch (Exception e) when (IsEnvironment(e)) { throw Fault(body, e); }
            using var recorder = new RunRecorder(options.Store);
            try
            {
                if (unit.Level == 0)
                {
                    WriteRunJson(body);
                    WriteStatus(body.RunDir, RunState.Running, null);
                }
                recorder.Started(body.Hparams, body.RunName, body.RunDir, body.GroupKey, joining: true);
                return body.ExecuteUnit(new RunContext(levels, recorder.Observing(options.LotteryObserver), log), unit);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var fault = IsEnvironment(e) ? Fault(body, e) : e;
                MarkFailed(body, recorder, fault.Message);
                if (ReferenceEquals(fault, e)) throw;
                throw fault;
            }
        }
    }

    /// <summary>Validates, sets the thread count and takes the run's lock (shared among unit workers, else exclusive).</summary>
    private static (RunLock Held, Action<string> Log) Begin(IRunBody body, ExperimentOptions options, bool shared)
    {
        body.Validate();
        if (ThreadCount.Validate(options.Threads) is { } threads) TorchSharp.torch.set_num_threads(threads);
        try
        {
            var held = (shared ? RunLock.TryAcquireShared(body.RunDir, out var holder) : RunLock.TryAcquire(body.RunDir, out holder))
                ?? throw new RunBusyException(body.RunName, holder);
            return (held, options.Log ?? (_ => { }));
        }
        catch (Exception e) when (IsEnvironment(e)) { throw Fault(body, e); }
    }

    /// <summary>The run's state as its status.json says, or null without one.</summary>
    public static RunState? ReadState(string runDir)
    {
        var path = Path.Combine(runDir, StatusFile);
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            return doc.RootElement.TryGetProperty("state", out var s) && s.GetString() is { } text ? RunStates.Parse(text) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or FormatException) { return null; }
    }

    // status done, both results files and every planned level stored: the run is read back, its data never loaded
    private static IReadOnlyList<LevelResult>? ReadBack(IRunBody body, FolderLevelStore store)
    {
        if (ReadState(body.RunDir) != RunState.Done) return null;
        if (!File.Exists(Path.Combine(body.RunDir, "results.md")) || !File.Exists(Path.Combine(body.RunDir, "results.csv"))) return null;
        var levels = new List<LevelResult>();
        foreach (var (level, method) in body.Plan)
        {
            using var stored = store.TryLoad(level, method);
            if (stored is null) return null;
            levels.Add(stored.Result);
        }
        return levels;
    }

    private static void WriteRunJson(IRunBody body)
    {
        var json = new Dictionary<string, object?>
        {
            ["name"] = body.RunName,
            ["groupKey"] = body.GroupKey,
            ["canonical"] = RunIdentity.Canonical(body.Hparams),
        };
        foreach (var (key, value) in body.Provenance) json[key] = value;
        json["hparams"] = body.Hparams;
        AtomicFile.WriteAllText(Path.Combine(body.RunDir, "run.json"), JsonSerializer.Serialize(json, FolderLevelStore.Json));
    }

    private static void WriteStatus(string runDir, RunState state, string? error) =>
        AtomicFile.WriteAllText(Path.Combine(runDir, StatusFile),
            JsonSerializer.Serialize(new { state = RunStates.Name(state), error, time = DateTimeOffset.UtcNow }, FolderLevelStore.Json));

    // Best effort, each on its own: a full disk may refuse status.json and still let the store record it, or the other way round.
    private static void MarkFailed(IRunBody body, RunRecorder recorder, string cause)
    {
        try { WriteStatus(body.RunDir, RunState.Failed, cause); }
        catch (Exception e) when (IsEnvironment(e)) { }
        try { recorder.Failed(cause); }
        catch (Exception e) when (IsEnvironment(e) || e is InvalidOperationException) { } // not started: nothing recorded to mark
    }

    private static bool IsEnvironment(Exception e) => e is IOException or UnauthorizedAccessException or DbException
        || (e is UserException && e.InnerException is IOException or UnauthorizedAccessException or DbException);

    /// <summary>One line naming the path and the cause; a message that already is one (a storage error) is kept.</summary>
    private static Exception Fault(IRunBody body, Exception e) => e switch
    {
        UserException => e,
        DbException s => new UserException(
            $"run {body.RunName} stopped: the results store {Path.Combine(Path.GetDirectoryName(Path.GetFullPath(body.RunDir))!, ResultsStore.FileName)}: {Line(s.Message)}", e),
        _ => new UserException($"run {body.RunName} stopped: {Line(e.Message)}{(e.Message.Contains('/') || e.Message.Contains('\\') ? "" : $" (in {Path.GetFullPath(body.RunDir)})")}", e),
    };

    private static string Line(string message) => message.ReplaceLineEndings(" ").Trim();

    private static void Forget(RunLock held, string runDir)
    {
        held.Dispose();
        try { Directory.Delete(runDir, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
