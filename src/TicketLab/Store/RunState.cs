namespace TicketLab.Store;

/// <summary>Where a run stands: still going, finished, stopped by an error, or stopped without a word (its process is gone).</summary>
public enum RunState { Running, Done, Failed, Partial }
