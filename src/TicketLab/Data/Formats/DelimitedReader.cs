using System.Text;
using System.Text.Unicode;

namespace TicketLab.Data;

/// <summary>Reads delimited text from bytes: CSV per RFC 4180 (quoted fields, doubled quotes, newlines inside quotes, LF or CRLF)
/// or TSV (no quoting: fields split on tabs, records on newlines); every field must be valid UTF-8.</summary>
/// <remarks>Parsing bytes rather than decoded text lets a bad byte be reported with its line and field, and lets that one
/// record be skipped. Blank lines are ignored; a leading UTF-8 byte-order mark is dropped.</remarks>
public static class DelimitedReader
{
    /// <summary>Reads <paramref name="path"/>; unreadable files are a <see cref="DataException"/>.</summary>
    public static IEnumerable<DelimitedRecord> ReadFile(string path, byte separator, bool quoted) =>
        Read(ReadAllBytes(path), separator, quoted);

    internal static byte[] ReadAllBytes(string path)
    {
        try { return File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataException($"Cannot read {path}: {e.Message.ReplaceLineEndings(" ")}; check the path and its permissions.", e);
        }
    }

    /// <summary>The records of <paramref name="bytes"/>, in order.</summary>
    public static IEnumerable<DelimitedRecord> Read(byte[] bytes, byte separator, bool quoted)
    {
        int n = bytes.Length;
        int i = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        int line = 1;
        var buffer = new List<byte>();
        while (i < n)
        {
            // Blank lines (LF or CRLF) carry no record.
            if (bytes[i] == '\n') { i++; line++; continue; }
            if (bytes[i] == '\r' && i + 1 < n && bytes[i + 1] == '\n') { i += 2; line++; continue; }

            int recordLine = line;
            var fields = new List<string>();
            string? problem = null;
            int problemField = 0;
            void Problem(string p)
            {
                if (problem is not null) return;
                problem = p;
                problemField = fields.Count + 1;
            }

            while (true)
            {
                ReadOnlySpan<byte> field;
                if (quoted && i < n && bytes[i] == '"')
                {
                    int start = ++i;
                    bool doubled = false;
                    bool closed = false;
                    while (i < n)
                    {
                        byte b = bytes[i];
                        if (b == '"')
                        {
                            if (i + 1 < n && bytes[i + 1] == '"') { doubled = true; i += 2; continue; }
                            closed = true;
                            break;
                        }
                        if (b == '\n') line++;
                        i++;
                    }
                    int end = i;
                    if (!closed) Problem($"quoted field starting on line {recordLine} is never closed (a stray '\"'?)");
                    else i++; // the closing quote
                    field = doubled ? Undouble(bytes.AsSpan(start, end - start), buffer) : bytes.AsSpan(start, end - start);
                    if (closed && i < n && bytes[i] != separator && bytes[i] != '\n' && !(bytes[i] == '\r' && i + 1 < n && bytes[i + 1] == '\n'))
                    {
                        Problem("text after the closing quote (a '\"' inside a quoted field must be doubled)");
                        while (i < n && bytes[i] != separator && bytes[i] != '\n') i++;
                    }
                }
                else
                {
                    int start = i;
                    while (i < n && bytes[i] != separator && bytes[i] != '\n') i++;
                    int end = i;
                    if (end > start && bytes[end - 1] == '\r' && (end == n || bytes[end] == '\n')) end--;
                    field = bytes.AsSpan(start, end - start);
                }

                if (Utf8.IsValid(field)) fields.Add(Encoding.UTF8.GetString(field));
                else
                {
                    Problem($"invalid UTF-8 at byte {InvalidOffset(field)} of the field; save the file as UTF-8");
                    fields.Add("");
                }

                if (i < n && bytes[i] == separator) { i++; continue; }
                if (i < n && bytes[i] == '\r') i++;
                if (i < n && bytes[i] == '\n') { i++; line++; }
                break;
            }
            yield return new DelimitedRecord(recordLine, fields, problem, problemField);
        }
    }

    private static ReadOnlySpan<byte> Undouble(ReadOnlySpan<byte> raw, List<byte> buffer)
    {
        buffer.Clear();
        for (int k = 0; k < raw.Length; k++)
        {
            buffer.Add(raw[k]);
            if (raw[k] == '"') k++; // skip the second quote of the pair
        }
        return System.Runtime.InteropServices.CollectionsMarshal.AsSpan(buffer);
    }

    private static int InvalidOffset(ReadOnlySpan<byte> bytes)
    {
        Utf8.ToUtf16(bytes, new char[bytes.Length], out int read, out _, replaceInvalidSequences: false);
        return read;
    }
}
