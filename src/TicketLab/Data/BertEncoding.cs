using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace TicketLab.Data;

/// <summary>Turns splits into BERT input ids with a model's WordPiece vocabulary ([CLS] … [SEP], at most MaxLength ids), and caches
/// the result in a checksummed file keyed by the vocabulary's hash, the max length and the splits' identity.</summary>
/// <remarks>The vocabulary is the model's, not built from train; <see cref="EncodedDataset.Vocab"/> holds it with the same ids
/// (see <see cref="WordPieceVocab.ToVocabulary"/>). The cache is best effort like <see cref="EncodedDatasetCache"/>'s, in
/// &lt;cacheDir&gt;/encoded/.</remarks>
public static class BertEncoding
{
    private const int FormatVersion = 1;
    private static readonly byte[] Magic = "TLBERT\0\u0001"u8.ToArray();
    private const int HashBytes = 32;

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
        if (TryRead(path, key, vocab) is { } cached) return cached;
        var encoded = Encode(load(), maxLength, vocab);
        TryWrite(path, key, encoded);
        return encoded;
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

    // ---- file (little-endian): magic, key, name, class names, 3 × (count, labels, lengths, int32 ids), SHA-256 of all before ----

    private static void TryWrite(string path, string key, EncodedDataset data)
    {
        string? temp = null;
        try
        {
            var dir = Path.GetDirectoryName(path)!;
            Directory.CreateDirectory(dir);
            temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
            var body = new MemoryStream();
            using (var w = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
            {
                w.Write(Magic);
                w.Write(key);
                w.Write(data.Name);
                w.Write(data.ClassNames.Count);
                foreach (var c in data.ClassNames) w.Write(c);
                foreach (var split in new[] { data.Train, data.Validation, data.Test })
                {
                    w.Write(split.Count);
                    w.Write(MemoryMarshal.AsBytes(split.Labels.AsSpan()));
                    foreach (var ids in split.Ids) w.Write(ids.Length);
                    foreach (var ids in split.Ids) w.Write(MemoryMarshal.AsBytes(ids.AsSpan()));
                }
            }
            var bytes = body.GetBuffer().AsSpan(0, (int)body.Length);
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                file.Write(bytes);
                file.Write(SHA256.HashData(bytes));
            }
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the next run encodes again.
        }
        finally
        {
            if (temp is not null && File.Exists(temp)) File.Delete(temp);
        }
    }

    private static EncodedDataset? TryRead(string path, string key, WordPieceVocab vocab)
    {
        byte[] bytes;
        try
        {
            if (!File.Exists(path)) return null;
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        if (bytes.Length < Magic.Length + HashBytes) return null;
        int length = bytes.Length - HashBytes;
        if (!SHA256.HashData(bytes.AsSpan(0, length)).AsSpan().SequenceEqual(bytes.AsSpan(length))) return null;
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes, 0, length, writable: false), Encoding.UTF8);
            if (!r.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic) || r.ReadString() != key) return null;
            string name = r.ReadString();
            var classNames = new string[r.ReadInt32()];
            for (int i = 0; i < classNames.Length; i++) classNames[i] = r.ReadString();
            var splits = new EncodedSplit[3];
            for (int s = 0; s < 3; s++)
            {
                int count = r.ReadInt32();
                if (count < 0 || count > length) throw new InvalidDataException("count");
                var labels = ReadInts(r, count);
                var lengths = ReadInts(r, count);
                var ids = new int[count][];
                for (int i = 0; i < count; i++) ids[i] = ReadInts(r, lengths[i]);
                splits[s] = new EncodedSplit(ids, labels);
            }
            if (r.BaseStream.Position != length) return null;
            return new EncodedDataset(name, vocab.ToVocabulary(), splits[0], splits[1], splits[2], classNames);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentException or InvalidDataException or OverflowException)
        {
            return null; // checksum right but layout wrong (another format version): rebuild
        }
    }

    private static int[] ReadInts(BinaryReader r, int count)
    {
        if (count < 0) throw new InvalidDataException("length");
        var bytes = r.ReadBytes(checked(count * 4));
        if (bytes.Length != count * 4) throw new EndOfStreamException();
        return MemoryMarshal.Cast<byte, int>(bytes).ToArray();
    }
}
