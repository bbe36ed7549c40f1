namespace TicketLab.Lottery;

/// <summary>Unit of a rewind point.</summary>
public enum RewindUnit { Iterations, Epochs }
