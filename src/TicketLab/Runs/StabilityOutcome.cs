using TicketLab.Lottery;

namespace TicketLab.Runs;

/// <summary>A finished instability analysis: where its files are, every pair its folder holds (earlier ones too), and how many this call trained.</summary>
public sealed record StabilityOutcome(string Dir, IReadOnlyList<StabilityPair> Pairs, int Trained, int Reused, string Markdown);
