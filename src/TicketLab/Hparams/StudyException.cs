namespace TicketLab.Hparams;

/// <summary>A study file that cannot be used; the message names the file, line and setting.</summary>
public sealed class StudyException(string message) : UserException(message);
