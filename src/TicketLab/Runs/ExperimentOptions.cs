using TicketLab.Data;
using TicketLab.Lottery;
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
    bool ShareDenseLevels = true);     // reuse the dense level of a run with the same dense settings (runs/units/); results are the same either way
