namespace TicketLab.Hparams;

/// <summary>The prune-output shortcut: the output layer pruned at the full rate, at half the rate (Frankle &amp; Carbin 2019), or not at all.</summary>
public enum OutputPruning { Full, Half, None }
