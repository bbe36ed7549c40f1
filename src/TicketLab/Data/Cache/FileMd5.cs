using System.Security.Cryptography;

namespace TicketLab.Data;

/// <summary>Lower-case hex md5 of a file, streamed.</summary>
public static class FileMd5
{
    public static string Of(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return Convert.ToHexStringLower(MD5.HashData(file));
    }
}
