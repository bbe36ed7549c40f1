using TicketLab.Data;
using TicketLab.Hparams;
using TicketLab.Models.Bert;

namespace TicketLab.Inference;

/// <summary>Turns raw text into the ids a run's model was trained on: the run's own tokenizer and vocabulary and its max length,
/// exactly as the data pipeline encoded its training data.</summary>
public sealed class TextEncoder
{
    private readonly Vocabulary? vocab;
    private readonly BasicEnglishTokenizer? tokenizer;
    private readonly WordPieceVocab? wordPiece;

    private TextEncoder(Vocabulary vocab, int maxLength)
    {
        this.vocab = vocab;
        tokenizer = new BasicEnglishTokenizer();
        MaxLength = maxLength;
        Tokens = vocab.Tokens;
    }

    private TextEncoder(WordPieceVocab wordPiece, int maxLength)
    {
        this.wordPiece = wordPiece;
        MaxLength = maxLength;
        Tokens = wordPiece.Tokens;
    }

    /// <summary>The tokenizer's name: <c>basic_english</c> (the run's vocab.txt) or <c>wordpiece</c> (the BERT's own vocabulary).</summary>
    public string Kind => wordPiece is null ? "basic_english" : "wordpiece";

    /// <summary>Tokens kept per text (BERT: counting [CLS] and [SEP]).</summary>
    public int MaxLength { get; }

    /// <summary>The vocabulary in id order (WordPiece: the model's vocab.txt as is, [PAD] first).</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>Whether the WordPiece tokenizer lower-cases and strips accents (basic_english always lower-cases).</summary>
    public bool LowerCase => wordPiece?.LowerCase ?? true;

    /// <summary>The encoder a run was trained with: its vocab.txt and the basic tokenizer, or its BERT's WordPiece vocabulary.</summary>
    /// <exception cref="UserException">The run's vocabulary (or its BERT directory) cannot be read.</exception>
    public static TextEncoder For(RunHparams h, string runDir)
    {
        if (BertModels.IsBert(h.Model.Name))
        {
            try { return new TextEncoder(BertModels.Vocab(h.Model.Name), h.Data.MaxLength); }
            catch (BertImportException e) { throw new UserException($"{runDir} is a {h.Model.Name} run, whose vocabulary cannot be read: {e.Message}", e); }
        }
        var path = Path.Combine(runDir, "vocab.txt");
        if (!File.Exists(path)) throw new UserException($"{path} is missing: the run's vocabulary is needed to encode text the way it was trained");
        return new TextEncoder(Vocabulary.Load(path), h.Data.MaxLength);
    }

    /// <summary>The ids of <paramref name="text"/>, never empty (an empty text is one &lt;unk&gt;; BERT: [CLS] [SEP]).</summary>
    public int[] Encode(string text) =>
        wordPiece is not null ? wordPiece.Encode(text, MaxLength) : vocab!.Encode(text, tokenizer!, MaxLength);
}
