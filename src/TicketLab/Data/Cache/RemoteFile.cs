namespace TicketLab.Data;

/// <summary>A dataset file that can be downloaded: where from, its file name and published checksums, and what else the user may put in its place.</summary>
public sealed record RemoteFile(
    string DisplayName,          // "IMDb", used in messages
    string Url,
    string FileName,             // the name it is stored under in the data folder
    string? Md5 = null,          // of the whole file, lower-case hex; null = not published
    string? Alternative = null,  // e.g. "an extracted aclImdb/ folder", offered in the not-found message
    long? Size = null,           // bytes; null = not published
    string? HeadMd5 = null)      // md5 of the first MiB (fastai's checks.txt scheme), lower-case hex; null = not published
{
    /// <summary>The prefix <see cref="HeadMd5"/> covers.</summary>
    public const int HeadBytes = 1 << 20;
}
