using TicketLab.Data;
using TicketLab.Hparams;
using TicketLab.Lottery;
using TicketLab.Pruning;

namespace TicketLab.Store;

/// <summary>Pruned chain levels shared by every run with the same <see cref="ChainUnitKey"/>: <c>runs/units/&lt;key&gt;-&lt;level&gt;-&lt;method&gt;/</c> (e.g. <c>…-03-ticket</c>) holds one
/// level in a run folder's layout (levels/NN/&lt;method&gt;.json|.mask|.weights|.final-weights, checksummed) and a checksummed
/// <c>unit.json</c> (the key's text and the run that trained it).</summary>
/// <remarks>Published as <see cref="DenseUnitFolder"/> publishes: written in <c>units/.&lt;key&gt;.&lt;run&gt;.staging/</c>, then
/// renamed to the unit's name, so a unit is complete or absent and the first writer wins. A unit that does not verify is moved
/// aside to <c>&lt;key&gt;.corrupt-&lt;time&gt;</c> and the level trained again.</remarks>
public sealed class ChainUnitFolder(string runsDir, RunHparams h, string dataDigest, string runName, Action<string>? log = null) : ISharedChainLevels
{
    /// <summary>What unit.json holds.</summary>
    internal sealed record UnitFile(string Key, string TrainedBy) : IUnitManifest;

    /// <summary>The units of a run's settings and encoded data.</summary>
    public static ChainUnitFolder For(string runsDir, RunHparams h, EncodedDataset data, string runName, Action<string>? log = null) =>
        new(runsDir, h, EncodedDigest.Of(data), runName, log);

    private string UnitsDir => Path.Combine(runsDir, DenseUnitFolder.FolderName);

    // the level and method in the name tell a chain unit from a dense one (16 hex digits) at a glance
    private string Key(int level, string method) => $"{ChainUnitKey.Of(h, level, method, dataDigest)}-{level:D2}-{method}";

    /// <summary>"units/&lt;key&gt;", as messages name it.</summary>
    public string Name(int level, string method) => $"{DenseUnitFolder.FolderName}/{Key(level, method)}";

    /// <summary>The unit's folder.</summary>
    public string Dir(int level, string method) => Path.Combine(UnitsDir, Key(level, method));

    public StoredLevel? TryLoad(int level, string method, Mask mask)
    {
        var dir = Dir(level, method);
        if (!Directory.Exists(dir)) return null;
        try
        {
            var unit = UnitManifest.Read<UnitFile>(dir, ChainUnitKey.Canonical(h, level, method, dataDigest), u => u.TrainedBy is not null, "chain level");
            string? problem = null;
            var stored = new FolderLevelStore(dir, w => problem ??= w).TryLoad(level, method)
                         ?? throw new InvalidDataException(problem ?? $"{dir} holds no level {level} {method}");
            if (!stored.Mask.SameAs(mask))
            {
                // the same settings pruned another mask: training was not bit-reproducible between the two runs
                log?.Invoke($"{Name(level, method)} (trained by run {unit.TrainedBy}) holds another mask than this run pruned: level {level} {method} is trained here");
                stored.Dispose();
                return null;
            }
            log?.Invoke($"level {level} {method} reused from {Name(level, method)} (trained by run {unit.TrainedBy})");
            return stored;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            UnitAside.Move(UnitsDir, Key(level, method), $"level {level} {method}", e, log);
            return null;
        }
    }

    public void Publish(StoredLevel level)
    {
        var (l, method) = (level.Result.Level, level.Result.Method);
        var dir = Dir(l, method);
        if (Directory.Exists(dir)) return; // another run published it first: the first writer wins
        var staging = Path.Combine(UnitsDir, $".{Key(l, method)}.{runName}.staging");
        try
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true); // a publish this run left half done
            new FolderLevelStore(staging).Save(l, method, level.Result, level.Mask, level.Trained, level.Final);
            UnitManifest.Write(staging, new UnitFile(ChainUnitKey.Canonical(h, l, method, dataDigest), runName));
            Directory.Move(staging, dir);
            AtomicFile.SyncDirectory(UnitsDir);
        }
        catch (IOException) when (Directory.Exists(dir)) { } // published by another run meanwhile
        finally
        {
            try { if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // the next publish of this run removes it
        }
    }
}
