namespace TicketLab.Store;

/// <summary>A file a level left behind (mask, weights, checkpoint), with its size and, when known, its SHA-256.</summary>
public sealed record ArtefactRecord(string Run, int Level, string Method, string Kind, string Path, string? Sha256, long Bytes);
