using System.Text.RegularExpressions;
using TicketLab.Data;
using TicketLab.Hparams;
using TicketLab.Lottery;
using TicketLab.Training;

namespace TicketLab.Store;

/// <summary>A dense level shared by every run with the same <see cref="DenseUnitKey"/>: <c>runs/units/&lt;key&gt;/</c> holds the
/// trained weights, rewind weights by step and a checksummed <c>unit.json</c> (the key's text, the run that trained it, its
/// training result and the SHA-256 of every file).</summary>
/// <remarks>
/// A run training the dense level stages the weights it passes (the initialisation, each epoch's end, its own rewind step) in
/// <c>units/.&lt;key&gt;.&lt;run&gt;.staging/</c> (one writer: the run's lock), then publishes by renaming that folder to the unit's
/// name, so a unit is complete or absent; the first writer wins. A later run of the same key adds the steps the unit lacks,
/// but only when its own trained weights equal the unit's bit for bit. A unit that does not verify is moved aside to
/// <c>&lt;key&gt;.corrupt-&lt;time&gt;</c> and trained again. A run whose rewind step the unit lacks replays the dense training's
/// first steps up to it (the optimiser has no state at step 0, and training is deterministic on CPU, so the bits equal a fresh
/// run's): a late rewind point costs its share of one training, not a whole one. Replayed steps are not added to the unit,
/// which only holds what a full training wrote.
/// </remarks>
public sealed partial class DenseUnitFolder(string runsDir, string key, string canonical, string runName, Action<string>? log = null) : ISharedDenseLevel
{
    public const string FolderName = "units";
    private const string WeightsName = "dense.weights";

    /// <summary>What unit.json holds.</summary>
    internal sealed record UnitFile(string Key, string TrainedBy, TrainingResult Training, Dictionary<string, string> Files) : IUnitManifest;

    /// <summary>The unit of a run's settings and encoded data; <paramref name="alsoKeep"/>: the other rewind points of its sweep.</summary>
    public static DenseUnitFolder For(string runsDir, RunHparams h, EncodedDataset data, string runName, Action<string>? log = null, IReadOnlyList<RewindPoint>? alsoKeep = null)
    {
        var digest = EncodedDigest.Of(data);
        return new DenseUnitFolder(runsDir, DenseUnitKey.Of(h, digest), DenseUnitKey.Canonical(h, digest), runName, log) { AlsoKeep = alsoKeep ?? [] };
    }

    public IReadOnlyList<RewindPoint> AlsoKeep { get; init; } = [];

    /// <summary>The unit's folder.</summary>
    public string Dir => Path.Combine(UnitsDir, key);

    /// <summary>"units/&lt;key&gt;", as messages name it.</summary>
    public string Name => $"{FolderName}/{key}";

    private string UnitsDir => Path.Combine(runsDir, FolderName);

    private string StagingDir => Path.Combine(UnitsDir, $".{key}.{runName}.staging");

    private const string FinalName = "final.weights"; // end-of-training weights, for --score-weights final

    private static string RewindName(long step) => $"rewind-{step}.weights";

    [GeneratedRegex(@"^rewind-\d+\.weights$")]
    private static partial Regex RewindFile();

    public SharedDenseLevel? TryLoad(long rewindStep, Func<long, TrainingResult, WeightSnapshot?>? replay = null)
    {
        if (!Directory.Exists(Dir)) return null;
        WeightSnapshot? trained = null;
        try
        {
            var unit = Read();
            bool hasStep = unit.Files.TryGetValue(RewindName(rewindStep), out var rewindSha);
            if (!hasStep && replay is null)
            {
                log?.Invoke($"{Name} has no rewind weights at step {rewindStep}: the dense level is trained here, and the step added to it");
                return null;
            }
            trained = WeightSnapshot.Load(Path.Combine(Dir, WeightsName), Recorded(unit, WeightsName));
            WeightSnapshot rewind;
            if (hasStep) rewind = WeightSnapshot.Load(Path.Combine(Dir, RewindName(rewindStep)), rewindSha!);
            else
            {
                if (replay!(rewindStep, unit.Training) is not { } replayed)
                {
                    log?.Invoke($"{Name} stopped training before step {rewindStep}: the dense level is trained here");
                    trained.Dispose();
                    return null;
                }
                rewind = replayed;
                log?.Invoke($"{Name} has no rewind weights at step {rewindStep}: replayed the dense training's first {rewindStep} steps");
            }
            var final = unit.Files.TryGetValue(FinalName, out var finalSha) ? WeightSnapshot.Load(Path.Combine(Dir, FinalName), finalSha) : null;
            log?.Invoke($"dense level reused from {Name} (trained by run {unit.TrainedBy})");
            return new SharedDenseLevel(unit.Training, trained, rewind, final);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            trained?.Dispose();
            MoveAside(e);
            return null;
        }
    }

    public void Stage(long step, WeightSnapshot weights)
    {
        Directory.CreateDirectory(StagingDir);
        weights.Save(Path.Combine(StagingDir, RewindName(step)));
    }

    public void Publish(TrainingResult training, WeightSnapshot trained, WeightSnapshot? final)
    {
        Directory.CreateDirectory(StagingDir);
        var weightsSha = trained.Save(Path.Combine(StagingDir, WeightsName));
        var finalSha = final?.Save(Path.Combine(StagingDir, FinalName));
        var staged = new Dictionary<string, string>();
        foreach (var file in Directory.GetFiles(StagingDir).Where(f => RewindFile().IsMatch(Path.GetFileName(f))))
            if (NamedTensorFile.VerifiedSha256(file) is { } sha) staged[Path.GetFileName(file)] = sha;
        try
        {
            if (!Directory.Exists(Dir))
            {
                var files = new Dictionary<string, string>(staged) { [WeightsName] = weightsSha };
                if (finalSha is not null) files[FinalName] = finalSha;
                UnitManifest.Write(StagingDir, new UnitFile(canonical, runName, training, files));
                try
                {
                    Directory.Move(StagingDir, Dir);
                    AtomicFile.SyncDirectory(UnitsDir);
                    return;
                }
                catch (IOException) when (Directory.Exists(Dir)) { } // another run published it first: the first writer wins
            }
            AddSteps(weightsSha, staged);
        }
        finally
        {
            RemoveStaging();
        }
    }

    /// <summary>Moves the staged steps the unit lacks into it, when this run trained the same weights.</summary>
    private void AddSteps(string weightsSha, Dictionary<string, string> staged)
    {
        UnitFile unit;
        try { unit = Read(); }
        catch (Exception e) when (e is IOException or InvalidDataException) { return; } // the next reader moves it aside
        var missing = staged.Where(s => !unit.Files.ContainsKey(s.Key)).ToList();
        if (missing.Count == 0) return;
        if (unit.Files.GetValueOrDefault(WeightsName) != weightsSha)
        {
            log?.Invoke($"{Name} (trained by run {unit.TrainedBy}) differs from the dense level this run trained: training was not bit-reproducible; its rewind steps are not added");
            return;
        }
        foreach (var (name, _) in missing) File.Move(Path.Combine(StagingDir, name), Path.Combine(Dir, name), overwrite: true);
        AtomicFile.SyncDirectory(Dir);
        var files = new Dictionary<string, string>(unit.Files);
        foreach (var (name, sha) in missing) files[name] = sha;
        UnitManifest.Write(Dir, unit with { Files = files });
    }

    private UnitFile Read() =>
        UnitManifest.Read<UnitFile>(Dir, canonical, u => u.Files is not null && u.Training?.Epochs is not null, "dense level");

    private string Recorded(UnitFile unit, string file) =>
        unit.Files.TryGetValue(file, out var sha) ? sha : throw new InvalidDataException($"{Path.Combine(Dir, UnitManifest.FileName)}: records no {file}");

    private void MoveAside(Exception e) => UnitAside.Move(UnitsDir, key, "the dense level", e, log);

    private void RemoveStaging()
    {
        try { if (Directory.Exists(StagingDir)) Directory.Delete(StagingDir, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // left for the next publish of this run to reuse
    }
}
