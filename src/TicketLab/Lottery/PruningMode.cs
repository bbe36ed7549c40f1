namespace TicketLab.Lottery;

/// <summary>Iterative: prune a fraction of what remains after each level; one-shot: prune the dense network straight to each target.</summary>
public enum PruningMode { Iterative, OneShot }
