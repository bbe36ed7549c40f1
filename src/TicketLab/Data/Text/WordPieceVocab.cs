using System.Security.Cryptography;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace TicketLab.Data;

/// <summary>A BERT WordPiece vocabulary (vocab.txt, one token per line in id order) and its casing, with the tokenizer for it
/// (Microsoft.ML.Tokenizers' BertTokenizer: basic tokenisation, lower-casing and accent stripping when uncased, [CLS]/[SEP]).</summary>
public sealed class WordPieceVocab
{
    private WordPieceVocab(string[] tokens, bool lowerCase, string hash)
    {
        Tokens = tokens;
        LowerCase = lowerCase;
        Hash = hash;
        var text = string.Join('\n', tokens) + "\n";
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        Tokenizer = BertTokenizer.Create(stream, new BertOptions
        {
            LowerCaseBeforeTokenization = lowerCase,
            RemoveNonSpacingMarks = lowerCase,          // as Hugging Face: strip_accents follows do_lower_case
        });
        if (Tokenizer.PaddingTokenId != Vocabulary.PadId)
            throw new DataException($"vocab.txt has [PAD] at id {Tokenizer.PaddingTokenId}; batches pad with id {Vocabulary.PadId}, so [PAD] must be the first line");
    }

    /// <summary>Tokens in id order.</summary>
    public IReadOnlyList<string> Tokens { get; }

    public bool LowerCase { get; }

    /// <summary>Hex SHA-256 of the token list and casing: the identity of the ids this vocabulary produces.</summary>
    public string Hash { get; }

    public BertTokenizer Tokenizer { get; }

    public static WordPieceVocab FromFile(string path, bool lowerCase)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return FromStream(stream, lowerCase, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataException($"Cannot read WordPiece vocabulary {path}: {e.Message.ReplaceLineEndings(" ")}", e);
        }
    }

    public static WordPieceVocab FromStream(Stream stream, bool lowerCase, string origin = "vocab.txt")
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var tokens = new List<string>();
        while (reader.ReadLine() is { } line) tokens.Add(line);
        if (tokens.Count > 0 && tokens[^1].Length == 0) tokens.RemoveAt(tokens.Count - 1);
        if (tokens.Count < 5 || !tokens.Contains("[CLS]") || !tokens.Contains("[SEP]") || !tokens.Contains("[UNK]"))
            throw new DataException($"{origin} is not a BERT vocabulary: it needs [PAD], [UNK], [CLS] and [SEP] lines");
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"lower={lowerCase}\n" + string.Join('\n', tokens))));
        return new WordPieceVocab([.. tokens], lowerCase, hash);
    }

    /// <summary>[CLS], the first <paramref name="maxLength"/> − 2 word pieces of <paramref name="text"/>, [SEP].</summary>
    public int[] Encode(string text, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);
        var pieces = Tokenizer.EncodeToIds(text, maxLength - 2, addSpecialTokens: false, out _, out _);
        var ids = new int[pieces.Count + 2];
        ids[0] = Tokenizer.ClassificationTokenId;
        for (int i = 0; i < pieces.Count; i++) ids[i + 1] = pieces[i];
        ids[^1] = Tokenizer.SeparatorTokenId;
        return ids;
    }

    /// <summary>The token list as a <see cref="Vocabulary"/> with the same ids. Its first two entries are renamed &lt;pad&gt; and
    /// &lt;unk&gt; as <see cref="Vocabulary"/> requires: [PAD] is id 0 in both, and id 1 ([unused0] in BERT vocabularies) is never produced.</summary>
    public Vocabulary ToVocabulary()
    {
        var tokens = Tokens.ToArray();
        tokens[Vocabulary.PadId] = Vocabulary.PadToken;
        tokens[Vocabulary.UnkId] = Vocabulary.UnkToken;
        return Vocabulary.FromTokens(tokens);
    }
}
