using System.Text.Json;
using System.Text.Unicode;

namespace TicketLab.Data;

/// <summary>Reads JSON lines from bytes: each non-blank line (LF or CRLF; a leading UTF-8 byte-order mark dropped) with its 1-based
/// number and either its object or the problem that keeps it from being one (invalid UTF-8, not JSON, not an object).</summary>
public static class JsonlReader
{
    /// <summary>One line: <see cref="Object"/> is valid until the next line is read; <see cref="Problem"/> is set instead when it is not an object.</summary>
    public readonly record struct Line(int Number, JsonElement Object, string? Problem);

    public static IEnumerable<Line> Read(byte[] bytes)
    {
        int start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        for (int lineNo = 1; start < bytes.Length; lineNo++)
        {
            int end = Array.IndexOf(bytes, (byte)'\n', start);
            if (end < 0) end = bytes.Length;
            var line = bytes.AsMemory(start, end - start);
            start = end + 1;
            if (line.Span.Trim(" \t\r"u8).IsEmpty) continue;
            if (!Utf8.IsValid(line.Span)) { yield return new Line(lineNo, default, "invalid UTF-8; save the file as UTF-8"); continue; }
            JsonDocument? doc = null;
            string? invalid = null;
            try { doc = JsonDocument.Parse(line); }
            catch (JsonException e) { invalid = $"not valid JSON ({e.Message.ReplaceLineEndings(" ")})"; }
            if (doc is null) { yield return new Line(lineNo, default, invalid); continue; }
            using (doc)
                yield return doc.RootElement.ValueKind == JsonValueKind.Object
                    ? new Line(lineNo, doc.RootElement, null)
                    : new Line(lineNo, default, "not a JSON object");
        }
    }
}
