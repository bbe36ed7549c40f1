using System.Text;
using System.Text.Json;

namespace TicketLab;

/// <summary>JSON that carries the SHA-256 of its own content, so an edited or torn file is told from a sound one.</summary>
/// <remarks>Layout: <c>{"sha256": "…", "content": …}</c>; the hash is over the content's text exactly as written.</remarks>
public static class ChecksummedJson
{
    public static string Serialize<T>(T content, JsonSerializerOptions options)
    {
        var text = JsonSerializer.Serialize(content, options);
        return $"{{\n\"sha256\": \"{Sha256(text)}\",\n\"content\": {text}\n}}\n";
    }

    /// <summary>The verified content; null when the file predates checksums (no "sha256"/"content").</summary>
    /// <exception cref="InvalidDataException">not JSON, or the checksum does not match (edited, truncated).</exception>
    public static T? Read<T>(string path, string text, JsonSerializerOptions options) where T : class
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("content", out var content)) return null;
            if (!root.TryGetProperty("sha256", out var sha) || sha.ValueKind != JsonValueKind.String)
                throw new InvalidDataException($"{path}: no checksum");
            var raw = content.GetRawText();
            if (!string.Equals(Sha256(raw), sha.GetString(), StringComparison.OrdinalIgnoreCase))
                throw new InvalidDataException($"{path}: checksum mismatch (the file was edited or is torn)");
            return content.Deserialize<T>(options) ?? throw new InvalidDataException($"{path}: empty content");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({e.Message.ReplaceLineEndings(" ")})", e);
        }
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
