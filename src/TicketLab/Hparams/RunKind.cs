namespace TicketLab.Hparams;

/// <summary>What a front end runs: a dense network only (train), a lottery (at least one pruned level), or either (a study cell).</summary>
public enum RunKind { Any, Dense, Lottery }
