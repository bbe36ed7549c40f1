namespace TicketLab.Lottery;

/// <summary>Global: one magnitude threshold over all prunable tensors; layer-wise: the same fraction from each tensor; LAMP: one threshold
/// over layer-normalised scores; structured: whole filters, hidden units, heads and feed-forward neurons by their L1 (or L2) norm.</summary>
public enum PruningScope { Global, Layerwise, Lamp, Structured, StructuredL2 }
