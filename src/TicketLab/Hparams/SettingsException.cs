namespace TicketLab.Hparams;

/// <summary>A setting no run can use; the message starts with the option or the study file's place and key, e.g. "--batch-size must be at least 1 (got 0)".</summary>
public sealed class SettingsException(string message) : UserException(message);
