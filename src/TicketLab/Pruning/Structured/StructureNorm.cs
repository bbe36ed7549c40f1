namespace TicketLab.Pruning;

/// <summary>How a structure's magnitude is measured: the sum of |w| over everything it owns, or the square root of the sum of w².</summary>
public enum StructureNorm { L1, L2 }
