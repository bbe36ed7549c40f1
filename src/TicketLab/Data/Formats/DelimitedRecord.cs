namespace TicketLab.Data;

/// <summary>One record of a CSV/TSV file: the line it starts on (1-based) and its fields, or the first problem found in it.</summary>
public sealed record DelimitedRecord(int Line, IReadOnlyList<string> Fields, string? Problem = null, int ProblemField = 0);
