using TicketLab.Data;

namespace TicketLab.Models.Bert;

/// <summary>BERT models by name: <c>bert</c> is all-MiniLM-L6-v2 (shipped in a package, no download); <c>bert:PATH</c> is a
/// Hugging Face BERT directory. Each comes with its own WordPiece vocabulary, which the data must be encoded with.</summary>
public static class BertModels
{
    public const string DefaultName = "bert";
    private const string PathPrefix = "bert:";

    /// <summary>Whether <paramref name="name"/> names a BERT (and so needs <see cref="BertEncoding"/> rather than the basic tokenizer).</summary>
    public static bool IsBert(string name) =>
        name.Equals(DefaultName, StringComparison.OrdinalIgnoreCase) || name.StartsWith(PathPrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Checks a name (and, for <c>bert:PATH</c>, that the directory has its files) before any data is read.</summary>
    public static void Validate(string name)
    {
        if (!IsBert(name)) throw new ArgumentException($"'{name}' is not a BERT model name; use '{DefaultName}' or '{PathPrefix}PATH'");
        if (Directory(name) is { } dir) dir.Validated();
    }

    /// <summary>The model's sizes.</summary>
    public static BertConfig Config(string name) => Directory(name)?.Validated().Config() ?? MiniLm.Config;

    /// <summary>The model's WordPiece vocabulary and casing, for <see cref="BertEncoding"/>.</summary>
    public static WordPieceVocab Vocab(string name)
    {
        if (Directory(name) is { } dir) return dir.Validated().Vocab();
        using var stream = MiniLm.OpenVocab();
        return WordPieceVocab.FromStream(stream, MiniLm.LowerCase, MiniLm.VocabResource);
    }

    /// <summary>A pretrained BERT classifier with a fresh, seeded head of <paramref name="classes"/> outputs (and pooler, where the checkpoint has none).</summary>
    public static BertClassifier Create(string name, int classes, long seed)
    {
        if (!IsBert(name)) throw new ArgumentException($"'{name}' is not a BERT model name; use '{DefaultName}' or '{PathPrefix}PATH'", nameof(name));
        return Directory(name) is { } dir ? dir.Create(classes, seed) : MiniLm.Create(classes, seed);
    }

    /// <summary>The same architecture with every weight drawn from <paramref name="seed"/> as Hugging Face initialises BERT, nothing
    /// pretrained: the "random reinitialisation" baseline (a pretrained model's initialisation is its checkpoint, not a seed).</summary>
    public static BertClassifier CreateRandom(string name, int classes, long seed) => new(Config(name), classes, seed);

    private static HfBertDirectory? Directory(string name) =>
        name.StartsWith(PathPrefix, StringComparison.OrdinalIgnoreCase) ? new HfBertDirectory(name[PathPrefix.Length..]) : null;
}
