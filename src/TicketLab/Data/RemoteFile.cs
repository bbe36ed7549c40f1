namespace TicketLab.Data;

/// <summary>A dataset file that can be downloaded: where from, its file name and md5, and what else the user may put in its place.</summary>
public sealed record RemoteFile(
    string DisplayName,          // "IMDb", used in messages
    string Url,
    string FileName,             // the name it is stored under in the data folder
    string? Md5 = null,          // lower-case hex; null = not verified
    string? Alternative = null); // e.g. "an extracted aclImdb/ folder", offered in the not-found message
