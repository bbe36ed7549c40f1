namespace TicketLab;

/// <summary>Input the user can fix (a file, an option, a setting, a folder): the CLI prints its one-line message as `error:` and exits 2.</summary>
/// <remarks>Every library error that is the user's to fix derives from this type, so a front end catches one type, not a list.</remarks>
public class UserException : Exception
{
    public UserException(string message) : base(message) { }

    public UserException(string message, Exception inner) : base(message, inner) { }
}
