namespace TicketLab.Hparams;

/// <summary>A setting as the user wrote it: the key ("--lr", "learningRate", "hidden-size"), its text, and where (a study file's "file:line"; null on the command line).</summary>
public sealed record SettingValue(string Key, string Text, string? Where = null);
