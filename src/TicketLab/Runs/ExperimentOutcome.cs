using TicketLab.Lottery;

namespace TicketLab.Runs;

/// <summary>A finished experiment: where its files are and every level's result.</summary>
public sealed record ExperimentOutcome(string RunDir, string RunName, IReadOnlyList<LevelResult> Levels, string Markdown);
