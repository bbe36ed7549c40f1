namespace TicketLab.Training;

/// <summary>Which optimiser trains the network.</summary>
public enum OptimizerKind { Adam, AdamW }
