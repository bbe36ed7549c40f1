using System.Text;

namespace TicketLab.Data;

/// <summary>Token ↔ id map built from training texts: 0 = &lt;pad&gt;, 1 = &lt;unk&gt;, then tokens by descending count, ties in ordinal order.</summary>
public sealed class Vocabulary
{
    public const int PadId = 0;
    public const int UnkId = 1;
    public const string PadToken = "<pad>";
    public const string UnkToken = "<unk>";

    private readonly string[] _tokens;
    private readonly Dictionary<string, int> _ids;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _spanIds;

    private Vocabulary(string[] tokens)
    {
        _tokens = tokens;
        _ids = new Dictionary<string, int>(tokens.Length, StringComparer.Ordinal);
        for (int i = 0; i < tokens.Length; i++)
            if (!_ids.TryAdd(tokens[i], i))
                throw new ArgumentException($"token '{tokens[i]}' appears twice", nameof(tokens));
        _spanIds = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Ids in use, including &lt;pad&gt; and &lt;unk&gt;.</summary>
    public int Count => _tokens.Length;

    /// <summary>Tokens in id order.</summary>
    public IReadOnlyList<string> Tokens => _tokens;

    /// <summary>The id of <paramref name="token"/>, or <see cref="UnkId"/>.</summary>
    public int IdOf(string token) => _ids.TryGetValue(token, out var id) ? id : UnkId;

    /// <summary>The id of <paramref name="token"/>, or <see cref="UnkId"/>, without allocating.</summary>
    public int IdOf(ReadOnlySpan<char> token) => _spanIds.TryGetValue(token, out var id) ? id : UnkId;

    public string TokenOf(int id) => _tokens[id];

    /// <summary>Builds from tokenised texts: the <paramref name="maxSize"/> most frequent tokens (not counting the two specials) seen at least <paramref name="minFreq"/> times.</summary>
    public static Vocabulary Build(IEnumerable<IReadOnlyList<string>> texts, int maxSize, int minFreq)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var text in texts)
            foreach (var token in text)
                counts[token] = counts.GetValueOrDefault(token) + 1;
        return FromCounts(counts, maxSize, minFreq);
    }

    /// <summary>As <see cref="Build(IEnumerable{IReadOnlyList{string}}, int, int)"/>, tokenising raw texts on all cores without keeping the tokens.</summary>
    public static Vocabulary Build(IReadOnlyList<string> texts, BasicEnglishTokenizer tokenizer, int maxSize, int minFreq)
    {
        var total = new Dictionary<string, int>(StringComparer.Ordinal);
        var gate = new object();
        Parallel.For(0, texts.Count,
            () => new Dictionary<string, int>(StringComparer.Ordinal),
            (i, _, local) =>
            {
                var lookup = local.GetAlternateLookup<ReadOnlySpan<char>>();
                tokenizer.Tokenize(texts[i], token =>
                {
                    // Allocates a string only for a token this thread has not seen yet.
                    if (lookup.TryGetValue(token, out var n)) lookup[token] = n + 1;
                    else lookup[token] = 1;
                });
                return local;
            },
            local =>
            {
                lock (gate)
                    foreach (var (token, n) in local) total[token] = total.GetValueOrDefault(token) + n;
            });
        return FromCounts(total, maxSize, minFreq);
    }

    private static Vocabulary FromCounts(Dictionary<string, int> counts, int maxSize, int minFreq)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxSize);
        var kept = counts
            .Where(kv => kv.Value >= minFreq && kv.Key is not (PadToken or UnkToken))
            .OrderByDescending(kv => kv.Value)
            .ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(maxSize)
            .Select(kv => kv.Key);
        return new Vocabulary([PadToken, UnkToken, .. kept]);
    }

    /// <summary>A vocabulary with exactly these tokens in id order; the first two must be &lt;pad&gt; and &lt;unk&gt;.</summary>
    public static Vocabulary FromTokens(IReadOnlyList<string> tokens)
    {
        if (tokens.Count < 2 || tokens[PadId] != PadToken || tokens[UnkId] != UnkToken)
            throw new ArgumentException($"a vocabulary starts with {PadToken} and {UnkToken}", nameof(tokens));
        return new Vocabulary([.. tokens]);
    }

    /// <summary>The ids of <paramref name="text"/>'s first <paramref name="maxLength"/> tokens; never empty (an empty text is one &lt;unk&gt;).</summary>
    public int[] Encode(string text, BasicEnglishTokenizer tokenizer, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        var ids = new List<int>(Math.Min(maxLength, text.Length / 4 + 1));
        tokenizer.Tokenize(text, token =>
        {
            if (ids.Count >= maxLength) return;
            int id = IdOf(token);
            ids.Add(id == PadId ? UnkId : id); // a literal "<pad>" in the text must not read as padding
        });
        return ids.Count == 0 ? [UnkId] : [.. ids];
    }

    /// <summary>Writes one token per line, in id order, atomically.</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, string.Join('\n', _tokens) + "\n");

    /// <summary>Reads a file written by <see cref="Save"/>; a malformed file is a <see cref="DataException"/> naming the line.</summary>
    public static Vocabulary Load(string path)
    {
        string[] lines;
        try { lines = File.ReadAllLines(path, Encoding.UTF8); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataException($"Cannot read vocabulary {path}: {e.Message.ReplaceLineEndings(" ")}; check the path or rebuild it.", e);
        }
        if (lines.Length < 2 || lines[PadId] != PadToken || lines[UnkId] != UnkToken)
            throw new DataException($"{path}: a vocabulary file starts with the lines {PadToken} and {UnkToken}; rebuild it from the training data.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0 || lines[i].Any(char.IsWhiteSpace))
                throw new DataException($"{path}:{i + 1}: empty token or token with whitespace; a vocabulary file has one token per line, rebuild it.");
            if (!seen.Add(lines[i]))
                throw new DataException($"{path}:{i + 1}: token '{lines[i]}' appears twice; rebuild the vocabulary.");
        }
        return new Vocabulary(lines);
    }
}
