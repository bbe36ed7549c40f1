using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace TicketLab.Data;

/// <summary>Turns splits into ids (vocabulary from train only) and keeps the result in a checksummed binary cache file,
/// keyed by the data's identity and every hparam that changes the ids.</summary>
/// <remarks>The cache is best effort: a missing, corrupt, truncated or stale file is rebuilt, and a cache folder that
/// cannot be written only costs the rebuild next time. Files live in &lt;cacheDir&gt;/encoded/, never in the data folder.</remarks>
public static class EncodedDatasetCache
{
    private const int FormatVersion = 1;
    private static readonly byte[] Magic = "TLENC\0\0\u0001"u8.ToArray();
    private const int HashBytes = 32;

    /// <summary>Encodes without caching: vocabulary from the train texts, then every split truncated to MaxLength.</summary>
    public static EncodedDataset Encode(DatasetSplits splits, DataHparams h, BasicEnglishTokenizer tokenizer)
    {
        var vocab = Vocabulary.Build(splits.Train.Select(e => e.Text).ToArray(), tokenizer, h.MaxVocab, h.MinFreq);
        return new EncodedDataset(splits.Name, vocab,
            EncodeSplit(splits.Train, vocab, tokenizer, h.MaxLength),
            EncodeSplit(splits.Validation, vocab, tokenizer, h.MaxLength),
            EncodeSplit(splits.Test, vocab, tokenizer, h.MaxLength),
            splits.ClassNames);
    }

    /// <summary>Cached <see cref="Encode"/> for splits already in memory, keyed by a fingerprint of their full content.</summary>
    public static EncodedDataset LoadOrBuild(DatasetSplits splits, DataHparams h, string cacheDir, BasicEnglishTokenizer tokenizer) =>
        LoadOrBuild(splits.Name, "content:" + ContentFingerprint(splits), h, cacheDir, tokenizer, () => splits);

    /// <summary>Cached <see cref="Encode"/> keyed by <paramref name="sourceIdentity"/> (e.g. <see cref="SourceFingerprint.Of"/> of the
    /// data file): on a hit <paramref name="load"/> is never called, so the raw data is neither read nor tokenised.</summary>
    public static EncodedDataset LoadOrBuild(string name, string sourceIdentity, DataHparams h, string cacheDir,
                                             BasicEnglishTokenizer tokenizer, Func<DatasetSplits> load)
    {
        string key = CanonicalKey(name, sourceIdentity, h);
        string path = PathFor(cacheDir, name, key);
        if (TryRead(path, key) is { } cached) return cached;

        var encoded = Encode(load(), h, tokenizer);
        TryWrite(path, key, encoded);
        return encoded;
    }

    /// <summary>The cache file for a key: &lt;cacheDir&gt;/encoded/&lt;name&gt;-&lt;hash&gt;.bin.</summary>
    internal static string PathFor(string cacheDir, string name, string key)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];
        var safeName = string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
        return Path.Combine(cacheDir, "encoded", $"{safeName}-{hash}.bin");
    }

    // Everything that changes the ids; the whole string is stored in the file and compared, not just its hash.
    private static string CanonicalKey(string name, string sourceIdentity, DataHparams h) => string.Join(";",
        $"format={FormatVersion}", $"name={name}", $"dataset={h.Dataset}", $"source={sourceIdentity}",
        $"tokenizer={BasicEnglishTokenizer.Version}", $"maxVocab={h.MaxVocab}", $"minFreq={h.MinFreq}",
        $"maxLength={h.MaxLength}", $"splitSeed={h.SplitSeed}",
        $"validationFraction={h.ValidationFraction.ToString("R", CultureInfo.InvariantCulture)}",
        $"maxTrain={h.MaxTrainExamples?.ToString(CultureInfo.InvariantCulture) ?? "all"}",
        $"maxEval={h.MaxEvalExamples?.ToString(CultureInfo.InvariantCulture) ?? "all"}");

    /// <summary>Hex SHA-256 over the name, class names and every example's label, source and full text, split by split.</summary>
    internal static string ContentFingerprint(DatasetSplits splits)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var number = new byte[4];
        void Int(int v) { BinaryPrimitives.WriteInt32LittleEndian(number, v); hash.AppendData(number); }
        void Str(string s) { Int(s.Length); hash.AppendData(MemoryMarshal.AsBytes(s.AsSpan())); }

        Str(splits.Name);
        Int(splits.ClassNames.Count);
        foreach (var c in splits.ClassNames) Str(c);
        foreach (var split in new[] { splits.Train, splits.Validation, splits.Test })
        {
            Int(split.Count);
            foreach (var e in split) { Int(e.Label); Str(e.Source); Str(e.Text); }
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static EncodedSplit EncodeSplit(IReadOnlyList<TextExample> examples, Vocabulary vocab, BasicEnglishTokenizer tokenizer, int maxLength)
    {
        var ids = new int[examples.Count][];
        var labels = new int[examples.Count];
        Parallel.For(0, examples.Count, i =>
        {
            ids[i] = vocab.Encode(examples[i].Text, tokenizer, maxLength);
            labels[i] = examples[i].Label;
        });
        return new EncodedSplit(ids, labels);
    }

    // ---- file format (little-endian): magic, key, name, class names, vocabulary, id width, 3 × split, SHA-256 of all before ----
    // split = count, labels[count], lengths[count], ids (uint16 when the vocabulary fits, else int32), concatenated.

    internal static void TryWrite(string path, string key, EncodedDataset data)
    {
        try
        {
            var body = Serialize(key, data);
            AtomicFile.Write(path, file =>
            {
                file.Write(body.Span);
                file.Write(SHA256.HashData(body.Span));
            });
        }
        catch (StorageException)
        {
            // Best effort: a read-only or full cache folder only means the next run encodes again.
        }
    }

    private static ReadOnlyMemory<byte> Serialize(string key, EncodedDataset data)
    {
        bool narrow = data.Vocab.Count <= ushort.MaxValue + 1;
        var w = new BinaryWriter(new MemoryStream(), Encoding.UTF8);
        w.Write(Magic);
        w.Write(key);
        w.Write(data.Name);
        w.Write(data.ClassNames.Count);
        foreach (var c in data.ClassNames) w.Write(c);
        w.Write(data.Vocab.Count);
        foreach (var t in data.Vocab.Tokens) w.Write(t);
        w.Write((byte)(narrow ? 2 : 4));
        foreach (var split in new[] { data.Train, data.Validation, data.Test })
        {
            w.Write(split.Count);
            w.Write(MemoryMarshal.AsBytes(split.Labels.AsSpan()));
            foreach (var ids in split.Ids) w.Write(ids.Length);
            foreach (var ids in split.Ids)
            {
                if (!narrow) { w.Write(MemoryMarshal.AsBytes(ids.AsSpan())); continue; }
                var small = new ushort[ids.Length];
                for (int i = 0; i < ids.Length; i++) small[i] = (ushort)ids[i];
                w.Write(MemoryMarshal.AsBytes(small.AsSpan()));
            }
        }
        w.Flush();
        var stream = (MemoryStream)w.BaseStream;
        return stream.GetBuffer().AsMemory(0, (int)stream.Length);
    }

    internal static EncodedDataset? TryRead(string path, string key)
    {
        byte[] bytes;
        try
        {
            if (!File.Exists(path)) return null;
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }

        if (bytes.Length < Magic.Length + HashBytes) return null;
        var body = bytes.AsSpan(0, bytes.Length - HashBytes);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - HashBytes))) return null;
        try
        {
            return Parse(bytes, body.Length, key);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentException or FormatException
                                      or IndexOutOfRangeException or OverflowException or InvalidDataException)
        {
            return null; // checksum right but layout wrong (another format version): rebuild
        }
    }

    private static EncodedDataset? Parse(byte[] bytes, int length, string key)
    {
        using var r = new BinaryReader(new MemoryStream(bytes, 0, length, writable: false), Encoding.UTF8);
        if (!r.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic) || r.ReadString() != key) return null;
        string name = r.ReadString();
        var classNames = new string[Count(r)];
        for (int i = 0; i < classNames.Length; i++) classNames[i] = r.ReadString();
        var tokens = new string[Count(r)];
        for (int i = 0; i < tokens.Length; i++) tokens[i] = r.ReadString();
        var vocab = Vocabulary.FromTokens(tokens);
        int width = r.ReadByte();
        if (width is not (2 or 4)) throw new InvalidDataException("id width");

        var splits = new EncodedSplit[3];
        for (int s = 0; s < 3; s++)
        {
            int count = Count(r);
            var labels = ReadInts(r, bytes, count);
            var lengths = ReadInts(r, bytes, count);
            var ids = new int[count][];
            int pos = checked((int)r.BaseStream.Position);
            for (int i = 0; i < count; i++)
            {
                if (lengths[i] < 0) throw new InvalidDataException("length");
                var row = ids[i] = new int[lengths[i]];
                int bytesNeeded = checked(row.Length * width);
                if (pos + bytesNeeded > length) throw new EndOfStreamException();
                var span = bytes.AsSpan(pos, bytesNeeded);
                if (width == 4) MemoryMarshal.Cast<byte, int>(span).CopyTo(row);
                else
                {
                    var small = MemoryMarshal.Cast<byte, ushort>(span);
                    for (int k = 0; k < row.Length; k++) row[k] = small[k];
                }
                pos += bytesNeeded;
            }
            r.BaseStream.Position = pos;
            splits[s] = new EncodedSplit(ids, labels);
        }
        if (r.BaseStream.Position != length) throw new InvalidDataException("trailing bytes");
        return new EncodedDataset(name, vocab, splits[0], splits[1], splits[2], classNames);
    }

    private static int Count(BinaryReader r)
    {
        int n = r.ReadInt32();
        if (n < 0 || n > r.BaseStream.Length) throw new InvalidDataException("count");
        return n;
    }

    private static int[] ReadInts(BinaryReader r, byte[] bytes, int count)
    {
        int pos = checked((int)r.BaseStream.Position);
        int n = checked(count * 4);
        if (pos + n > r.BaseStream.Length) throw new EndOfStreamException();
        var result = MemoryMarshal.Cast<byte, int>(bytes.AsSpan(pos, n)).ToArray();
        r.BaseStream.Position = pos + n;
        return result;
    }
}
