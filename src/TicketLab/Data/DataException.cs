namespace TicketLab.Data;

/// <summary>A problem with the user's data or data folder; the message is one line naming the file and the fix (the CLI exits with code 2).</summary>
public sealed class DataException : UserException
{
    public DataException(string message) : base(message) { }

    public DataException(string message, Exception inner) : base(message, inner) { }
}
