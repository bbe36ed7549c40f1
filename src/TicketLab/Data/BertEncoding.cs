using System.Globalization;

namespace TicketLab.Data;

/// <summary>Turns splits into BERT input ids with a model's WordPiece vocabulary ([CLS] … [SEP], at most MaxLength ids), and caches
/// the result in a checksummed file keyed by the vocabulary's hash, the max length and the splits' identity.</summary>
/// <remarks>The vocabulary is the model's, not built from train; <see cref="EncodedDataset.Vocab"/> holds it with the same ids
/// (see <see cref="WordPieceVocab.ToVocabulary"/>). The cache is best effort like <see cref="EncodedDatasetCache"/>'s, in
/// &lt;cacheDir&gt;/encoded/.</remarks>
public static class BertEncoding
{
    private const int FormatVersion = 1;

    /// <summary>Encodes every split (no caching); <paramref name="maxLength"/> counts [CLS] and [SEP].</summary>
    public static EncodedDataset Encode(DatasetSplits splits, int maxLength, WordPieceVocab vocab)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);
        return new EncodedDataset(splits.Name, vocab.ToVocabulary(),
            EncodeSplit(splits.Train, vocab, maxLength),
            EncodeSplit(splits.Validation, vocab, maxLength),
            EncodeSplit(splits.Test, vocab, maxLength),
            splits.ClassNames);
    }

    /// <summary>Cached <see cref="Encode"/> for splits in memory, keyed by a fingerprint of their full content.</summary>
    public static EncodedDataset LoadOrBuild(DatasetSplits splits, int maxLength, WordPieceVocab vocab, string cacheDir) =>
        LoadOrBuild(splits.Name, "content:" + EncodedDatasetCache.ContentFingerprint(splits), maxLength, vocab, cacheDir, () => splits);

    /// <summary>Cached <see cref="Encode"/> of a dataset on disk: <paramref name="splitIdentity"/> must name the source and the split
    /// (e.g. <see cref="SourceFingerprint.Of"/> plus <see cref="SplitIdentity"/>); on a hit <paramref name="load"/> is not called.</summary>
    public static EncodedDataset LoadOrBuild(string name, string splitIdentity, int maxLength, WordPieceVocab vocab, string cacheDir,
                                             Func<DatasetSplits> load)
    {
        string key = string.Join(";", $"format={FormatVersion}", $"name={name}", $"split={splitIdentity}",
            $"vocab={vocab.Hash}", $"maxLength={maxLength}");
        string path = EncodedDatasetCache.PathFor(cacheDir, name + "-bert", key);
        if (EncodedDatasetCache.TryRead(path, key) is { } cached) return cached; // same file format as the basic pipeline's cache
        var encoded = Encode(load(), maxLength, vocab);
        EncodedDatasetCache.TryWrite(path, key, encoded);
        return encoded;
    }

    /// <summary>Cached <see cref="Encode"/> of the dataset <paramref name="h"/> names, keyed like the basic pipeline's cache by a cheap
    /// identity of the raw data (<see cref="SplitIdentity"/>): a warm cache neither reads nor hashes the raw data.</summary>
    public static EncodedDataset LoadOrBuild(DataHparams h, string dataDir, Downloader? downloader, WordPieceVocab vocab, string cacheDir)
    {
        DatasetSplits Load() => DatasetRegistry.Load(h, dataDir, downloader);
        if (DatasetRegistry.SourceIdentity(h, dataDir) is not { } source)
            return LoadOrBuild(Load(), h.MaxLength, vocab, cacheDir); // not on disk yet: fetched, then keyed by its content
        return LoadOrBuild(h.Dataset, SplitIdentity(source, h), h.MaxLength, vocab, cacheDir, Load);
    }

    /// <summary>The hparams that decide which examples land in which split (everything in <see cref="DataHparams"/> but the
    /// basic tokenizer's vocabulary and length settings).</summary>
    public static string SplitIdentity(string sourceIdentity, DataHparams h) => string.Join(",",
        $"source={sourceIdentity}", $"dataset={h.Dataset}", $"splitSeed={h.SplitSeed}",
        $"validationFraction={h.ValidationFraction.ToString("R", CultureInfo.InvariantCulture)}",
        $"maxTrain={h.MaxTrainExamples?.ToString(CultureInfo.InvariantCulture) ?? "all"}",
        $"maxEval={h.MaxEvalExamples?.ToString(CultureInfo.InvariantCulture) ?? "all"}");

    private static EncodedSplit EncodeSplit(IReadOnlyList<TextExample> examples, WordPieceVocab vocab, int maxLength)
    {
        var ids = new int[examples.Count][];
        var labels = new int[examples.Count];
        Parallel.For(0, examples.Count, i =>
        {
            ids[i] = vocab.Encode(examples[i].Text, maxLength);
            labels[i] = examples[i].Label;
        });
        return new EncodedSplit(ids, labels);
    }
}
