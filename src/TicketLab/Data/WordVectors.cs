using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace TicketLab.Data;

/// <summary>Reads pre-trained word vectors in GloVe's text format ("token v1 … vd" a line; also word2vec/fastText text with a
/// "count dim" first line, and .gz) and aligns them to a <see cref="Vocabulary"/>.</summary>
public static class WordVectors
{
    private const float FallbackRange = 0.25f; // uniform ±0.25 when no token is found to estimate the variance from

    /// <summary>Rows for vocabulary tokens found in the file (exact match; first occurrence wins), seeded random rows for the rest,
    /// zero rows for &lt;pad&gt; and &lt;unk&gt;. A file whose dimension is not <paramref name="expectedDim"/> is a <see cref="DataException"/> naming the line.</summary>
    public static AlignedWordVectors LoadAligned(string path, Vocabulary vocab, int expectedDim, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(expectedDim, 1);
        var weights = new float[vocab.Count, expectedDim];
        var found = new bool[vocab.Count];
        int foundCount = 0;
        int lineNo = 0;
        bool sawData = false;
        using (var reader = Open(path))
            while (reader.ReadLine() is { } raw)
            {
                lineNo++;
                var line = raw.TrimEnd();
                if (line.Length == 0) continue;
                var fields = line.Split(' ');
                if (lineNo == 1 && fields.Length == 2 && fields.All(f => int.TryParse(f, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
                {
                    int headerDim = int.Parse(fields[1], CultureInfo.InvariantCulture);
                    if (headerDim != expectedDim) throw DimensionMismatch(path, lineNo, headerDim, expectedDim, "its header says");
                    continue;
                }
                int numbers = fields.Length - 1;
                if (!sawData && numbers != expectedDim) throw DimensionMismatch(path, lineNo, numbers, expectedDim, "its first vector has");
                sawData = true;
                if (numbers < expectedDim)
                    throw new DataException($"{path}:{lineNo}: {numbers} numbers after the token, expected {expectedDim}; the file is truncated or damaged.");
                // GloVe 840B has a few tokens containing spaces: the last expectedDim fields are the vector.
                int first = fields.Length - expectedDim;
                var token = first == 1 ? fields[0] : string.Join(' ', fields, 0, first);
                int id = vocab.IdOf(token);
                if (id <= Vocabulary.UnkId || found[id]) continue;
                for (int d = 0; d < expectedDim; d++)
                {
                    if (!float.TryParse(fields[first + d], NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                        throw new DataException($"{path}:{lineNo}: field {first + d + 1} ('{ZhangCsv.Shorten(fields[first + d])}') is not a number; the file is damaged.");
                    weights[id, d] = v;
                }
                found[id] = true;
                foundCount++;
            }

        FillMissing(weights, found, expectedDim, seed);
        return new AlignedWordVectors(weights, foundCount, expectedDim, path);
    }

    private static DataException DimensionMismatch(string path, int line, int fileDim, int expectedDim, string what) =>
        new($"{path}:{line}: {what} {fileDim} dimensions, expected {expectedDim}; use vectors of dimension {expectedDim} or set the embedding size to {fileDim}.");

    private static StreamReader Open(string path)
    {
        try
        {
            Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) stream = new GZipStream(stream, CompressionMode.Decompress);
            return new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, 1 << 20);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataException($"Cannot read word vectors {path}: {e.Message.ReplaceLineEndings(" ")}; check the --vectors path.", e);
        }
    }

    // Uniform in ±a (stable generator, seed from SeedPolicy) with a = √3·σ of the found values, so new rows have the pre-trained vectors' variance.
    private static void FillMissing(float[,] weights, bool[] found, int dim, int seed)
    {
        double sum = 0, squares = 0;
        long n = 0;
        for (int i = 0; i < found.Length; i++)
            if (found[i])
                for (int d = 0; d < dim; d++) { sum += weights[i, d]; squares += (double)weights[i, d] * weights[i, d]; n++; }
        double sigma = n > 1 ? Math.Sqrt(Math.Max(0, squares / n - (sum / n) * (sum / n))) : 0;
        float range = sigma > 0 ? (float)(Math.Sqrt(3) * sigma) : FallbackRange;
        var random = new SplitMix64((ulong)SeedPolicy.VectorsOov(seed));
        for (int i = Vocabulary.UnkId + 1; i < found.Length; i++)
            if (!found[i])
                for (int d = 0; d < dim; d++) weights[i, d] = (float)((random.NextDouble() * 2 - 1) * range);
    }
}
