namespace TicketLab.Lottery;

/// <summary>Global: one magnitude threshold over all prunable tensors; layer-wise: the same fraction from each tensor; LAMP: one threshold over layer-normalised scores.</summary>
public enum PruningScope { Global, Layerwise, Lamp }
