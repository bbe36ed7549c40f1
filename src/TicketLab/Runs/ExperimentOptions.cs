using TicketLab.Data;
using TicketLab.Lottery;
using TicketLab.Store;
using TicketLab.Training;

namespace TicketLab.Runs;

/// <summary>Where an experiment reads and writes, and who watches it; none of this changes its results.</summary>
public sealed record ExperimentOptions(
    string? DataDir = null,
    string RunsDir = "runs",
    int? Threads = null,
    ITrainingObserver? TrainingObserver = null,
    ILotteryObserver? LotteryObserver = null,
    Action<string>? Log = null,
    Downloader? Downloader = null,
    bool ShareLevels = true)          // reuse the dense level and chain levels another run trained with the same settings (runs/units/); results are the same either way
{
    /// <summary>The results store (null: the runs folder's SQLite file).</summary>
    public StoreLocation? Store { get; init; }

    /// <summary>A cooperative stop request: checked between units and at epoch boundaries (after the epoch's checkpoint).</summary>
    public CancellationToken Stop { get; init; }

    /// <summary>The rewind points of the sweep this run belongs to (runs that differ only in their rewind point): its dense training
    /// stages the weights at each for the shared dense level, so the others reuse it. Empty: the run's own point only.</summary>
    public IReadOnlyList<RewindPoint> RewindSweep { get; init; } = [];

    /// <summary>How many workers a study runs at once in this process, each with its share of the threads.</summary>
    public int Workers { get; init; } = 1;

    /// <summary>The store these options name.</summary>
    public StoreLocation StoreLocation => Store ?? StoreLocation.Sqlite(RunsDir);
}
