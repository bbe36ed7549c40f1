namespace TicketLab;

/// <summary>A file or store could not be written or read as such (disk full, permission denied, read-only folder, not a TicketLab store): names the path and the cause.</summary>
public sealed class StorageException : UserException
{
    public StorageException(string message) : base(message) { }

    public StorageException(string message, Exception inner) : base(message, inner) { }

    /// <summary>"cannot write PATH: cause" in one line.</summary>
    public static StorageException CannotWrite(string path, Exception cause) =>
        new($"cannot write {path}: {cause.Message.ReplaceLineEndings(" ")}", cause);
}
