namespace TicketLab.Training;

/// <summary>Shape of the learning-rate schedule.</summary>
public enum ScheduleKind { Constant, Linear }
