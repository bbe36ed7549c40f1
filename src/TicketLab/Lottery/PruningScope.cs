namespace TicketLab.Lottery;

/// <summary>Global: one magnitude threshold over all prunable tensors; layer-wise: the same fraction from each tensor.</summary>
public enum PruningScope { Global, Layerwise }
