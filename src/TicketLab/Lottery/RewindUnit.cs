namespace TicketLab.Lottery;

/// <summary>Unit of a rewind point; <see cref="Percent"/> counts hundredths of a percent of training.</summary>
public enum RewindUnit { Iterations, Epochs, Percent }
