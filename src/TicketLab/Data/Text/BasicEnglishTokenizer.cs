using System.Buffers;

namespace TicketLab.Data;

/// <summary>Receives one token as a span that is only valid during the call (no string is allocated).</summary>
public delegate void TokenVisitor(ReadOnlySpan<char> token);

/// <summary>torchtext's <c>basic_english</c> in one pass: lower-case, HTML line breaks to spaces, <c>' . , ( ) ! ?</c> as tokens,
/// <c>"</c> dropped, <c>; :</c> and whitespace as separators.</summary>
public sealed class BasicEnglishTokenizer
{
    /// <summary>Changes whenever the output for some text changes; part of every cache key.</summary>
    public const string Version = "basic_english/1";

    // Single-character tokens are shared rather than allocated per occurrence.
    private static readonly string[] Punctuation = ["'", ".", ",", "(", ")", "!", "?"];

    /// <summary>The tokens of <paramref name="text"/>.</summary>
    public IReadOnlyList<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        Tokenize(text, token => tokens.Add(token.Length == 1 && PunctuationIndex(token[0]) is var p and >= 0
            ? Punctuation[p]
            : new string(token)));
        return tokens;
    }

    /// <summary>Tokenises many texts on all cores; result i belongs to text i. Equal tokens share one string instance
    /// per worker, which keeps millions of tokens from each costing an allocation.</summary>
    public IReadOnlyList<string>[] TokenizeAll(IReadOnlyList<string> texts)
    {
        var result = new IReadOnlyList<string>[texts.Count];
        Parallel.For(0, texts.Count,
            () => (Pool: new Dictionary<string, string>(StringComparer.Ordinal), Scratch: new List<string>()),
            (i, _, worker) =>
            {
                var lookup = worker.Pool.GetAlternateLookup<ReadOnlySpan<char>>();
                var scratch = worker.Scratch;
                scratch.Clear();
                Tokenize(texts[i], token =>
                {
                    if (!lookup.TryGetValue(token, out var s))
                    {
                        s = new string(token);
                        worker.Pool[s] = s;
                    }
                    scratch.Add(s);
                });
                result[i] = scratch.ToArray();   // exact size: no slack kept per text
                return worker;
            },
            _ => { });
        return result;
    }

    /// <summary>Calls <paramref name="visit"/> for each token in order, without allocating strings.</summary>
    public void Tokenize(ReadOnlySpan<char> text, TokenVisitor visit)
    {
        // Token characters are lower-cased into this buffer; a token is always a contiguous run of it.
        char[] rented = ArrayPool<char>.Shared.Rent(Math.Max(16, text.Length));
        Span<char> buffer = rented;
        int start = 0, end = 0;
        try
        {
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '<' && BreakTagLength(text[i..]) is var tag and > 0)
                {
                    Flush(buffer, ref start, end, visit);
                    i += tag - 1;
                }
                else if (PunctuationIndex(c) is var p and >= 0)
                {
                    Flush(buffer, ref start, end, visit);
                    visit(Punctuation[p]);
                }
                else if (c == '"')
                {
                    // torchtext deletes quotes, joining what is on either side ("a"b" → ab).
                }
                else if (c is ';' or ':' || char.IsWhiteSpace(c))
                {
                    Flush(buffer, ref start, end, visit);
                }
                else
                {
                    buffer[end++] = c is >= 'A' and <= 'Z' ? (char)(c | 0x20) : c < 128 ? c : char.ToLowerInvariant(c);
                }
            }
            Flush(buffer, ref start, end, visit);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    private static void Flush(Span<char> buffer, ref int start, int end, TokenVisitor visit)
    {
        if (end > start) visit(buffer[start..end]);
        start = end;
    }

    private static int PunctuationIndex(char c) => c switch
    {
        '\'' => 0, '.' => 1, ',' => 2, '(' => 3, ')' => 4, '!' => 5, '?' => 6, _ => -1,
    };

    // Length of "<br />", "<br/>" or "<br>" (any case) at the start of s, else 0.
    private static int BreakTagLength(ReadOnlySpan<char> s)
    {
        if (s.Length < 4 || (s[1] | 0x20) != 'b' || (s[2] | 0x20) != 'r') return 0;
        if (s[3] == '>') return 4;
        if (s.Length >= 5 && s[3] == '/' && s[4] == '>') return 5;
        if (s.Length >= 6 && s[3] == ' ' && s[4] == '/' && s[5] == '>') return 6;
        return 0;
    }
}
