using TicketLab.Reporting;

namespace TicketLab.Runs;

/// <summary>A study's instability analysis: where its summary is, each finished run's outcome, the runs left out (not finished yet,
/// with their state) and the barrier per cell, rewind point and level over seeds.</summary>
public sealed record StabilityStudyOutcome(
    string Dir,
    IReadOnlyList<StabilityOutcome> Runs,
    IReadOnlyList<string> Missing,
    IReadOnlyList<BarrierStats> Barriers,
    string Markdown);
