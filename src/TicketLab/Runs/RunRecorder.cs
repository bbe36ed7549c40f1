using TicketLab.Hparams;
using TicketLab.Lottery;
using TicketLab.Reporting;
using TicketLab.Store;

namespace TicketLab.Runs;

/// <summary>Records a run as it goes: its row in the runs folder's results store, each finished level with its epochs and files, and TensorBoard scalars.</summary>
/// <remarks>Call <see cref="Started"/> once, then <see cref="LevelFinished"/> per level (resumed levels too: re-recording is harmless), then <see cref="Finished"/> or <see cref="Failed"/>.</remarks>
public sealed class RunRecorder(StoreLocation? location = null) : IDisposable
{
    private ResultsStore? store;
    private TensorBoardWriter? events;
    private string runName = "";
    private string runDir = "";

    /// <summary>The TensorBoard log folder of a run.</summary>
    public static string TensorBoardDir(string runDir) => Path.Combine(runDir, "tensorboard");

    /// <summary>Opens the store (the one given, else the runs folder's holding <paramref name="runDir"/>) and marks the run running on
    /// this host and process; <paramref name="groupKey"/> replaces the hparams' own group key (runs of another kind keep their own
    /// report groups). With <paramref name="joining"/> (a worker training one unit) a run already recorded keeps its start time.</summary>
    public void Started(RunHparams h, string runName, string runDir, string? groupKey = null, bool joining = false)
    {
        if (store is not null) throw new InvalidOperationException("Started was already called");
        this.runName = runName;
        this.runDir = Path.GetFullPath(runDir);
        store = ResultsStore.Open(location ?? StoreLocation.Sqlite(Path.GetDirectoryName(this.runDir)!));
        var run = RunRecord.Start(h, runName, DateTimeOffset.UtcNow);
        if (groupKey is not null) run = run with { GroupKey = groupKey };
        if (joining) store.JoinRun(run);
        else store.UpsertRun(run); // a resumed run keeps its recorded levels
    }

    /// <summary>Records a finished level, its epochs and its files; TensorBoard gets it only the first time (a resumed level is not logged twice).</summary>
    public void LevelFinished(LevelResult r, IEnumerable<(string Kind, string Path, string? Sha256)> artefacts)
    {
        var s = Store();
        bool known = s.HasLevel(runName, r.Level, r.Method);
        s.RecordLevel(runName, r);
        foreach (var (kind, path, sha) in artefacts)
            s.RecordArtefact(Artefact(r.Level, r.Method, kind, path, sha));
        if (known) return;
        events ??= new TensorBoardWriter(TensorBoardDir(runDir));
        var prefix = $"level_{r.Level:D2}/{r.Method}";
        foreach (var e in r.Training.Epochs)
        {
            events.Scalar($"{prefix}/train_loss", e.Train.Loss, e.Epoch);
            events.Scalar($"{prefix}/train_acc", e.Train.Accuracy, e.Epoch);
            events.Scalar($"{prefix}/val_loss", e.Validation.Loss, e.Epoch);
            events.Scalar($"{prefix}/val_acc", e.Validation.Accuracy, e.Epoch);
        }
        // one point per level: the lottery curve, step = level
        events.Scalar($"{r.Method}/test_acc", r.Training.Test.Accuracy, r.Level);
        events.Scalar($"{r.Method}/test_loss", r.Training.Test.Loss, r.Level);
        events.Scalar($"{r.Method}/weights_left", 1 - r.Sparsity, r.Level);
        events.Scalar($"{r.Method}/all_params_remaining", 1 - r.SparsityOfAll, r.Level);
        events.Flush();
    }

    public void Finished() => Store().SetState(runName, RunState.Done);

    public void Failed(string error) => Store().SetState(runName, RunState.Failed, error);

    /// <summary>A lottery observer that records every finished level with its folder files, then tells <paramref name="inner"/>.</summary>
    public ILotteryObserver Observing(ILotteryObserver? inner = null) => new Recording(this, inner);

    public void Dispose()
    {
        events?.Dispose();
        store?.Dispose();
    }

    private ArtefactRecord Artefact(int level, string method, string kind, string path, string? recorded)
    {
        if (recorded is not null) return new ArtefactRecord(runName, level, method, kind, path, recorded, new FileInfo(path).Length); // hashed once, when written
        using var file = File.OpenRead(path);
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(file));
        return new ArtefactRecord(runName, level, method, kind, path, sha, file.Length);
    }

    private ResultsStore Store() => store ?? throw new InvalidOperationException("call Started first");

    private sealed class Recording(RunRecorder recorder, ILotteryObserver? inner) : ILotteryObserver
    {
        public void OnLevelStart(int level, string method, double sparsity) => inner?.OnLevelStart(level, method, sparsity);

        public void OnLevelDone(LevelResult result, bool fromStore)
        {
            recorder.LevelFinished(result, FolderLevelStore.Artefacts(recorder.runDir, result.Level, result.Method));
            inner?.OnLevelDone(result, fromStore);
        }
    }
}
