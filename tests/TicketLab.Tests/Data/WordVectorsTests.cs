using TicketLab.Data;

namespace TicketLab.Tests.Data;

/// <summary>GloVe-format vectors aligned to a vocabulary, on small hand-written files.</summary>
public sealed class WordVectorsTests
{
    private static readonly Vocabulary Vocab = Vocabulary.FromTokens(["<pad>", "<unk>", "the", "movie", "zzzmissing", "new york", "good"]);

    private const string Glove =
        "the 0.1 0.2 -0.3\n" +
        "good 1 2 3\n" +
        "movie -1.5e-1 0 4\n" +
        "<unk> 9 9 9\n" +
        "new york 7 8 9\n" +          // GloVe 840B has tokens with spaces
        "the 5 5 5\n" +               // a later duplicate is ignored
        "unused 1 1 1\n";

    [Fact]
    public void Rows_follow_the_vocabulary_and_pad_and_unk_are_zero()
    {
        using var dir = new TempDir();
        var path = DataFiles.Write(dir.Combine("v.txt"), Glove);
        var v = WordVectors.LoadAligned(path, Vocab, expectedDim: 3);

        Assert.Equal(4, v.Found);
        Assert.Equal(1, v.Missing);
        Assert.Equal(new float[] { 0.1f, 0.2f, -0.3f }, Row(v, Vocab.IdOf("the")));
        Assert.Equal(new float[] { -0.15f, 0f, 4f }, Row(v, Vocab.IdOf("movie")));
        Assert.Equal(new float[] { 7, 8, 9 }, Row(v, Vocab.IdOf("new york")));
        Assert.Equal(new float[3], Row(v, Vocabulary.PadId));
        Assert.Equal(new float[3], Row(v, Vocabulary.UnkId));

        using var tensor = v.ToTensor();
        Assert.Equal([Vocab.Count, 3L], tensor.shape);
        Assert.Equal(2f, tensor[Vocab.IdOf("good"), 1].item<float>());
    }

    [Fact]
    public void Missing_tokens_get_a_seeded_random_row_within_the_found_vectors_spread()
    {
        using var dir = new TempDir();
        var path = DataFiles.Write(dir.Combine("v.txt"), Glove);
        int missing = Vocab.IdOf("zzzmissing");
        var a = Row(WordVectors.LoadAligned(path, Vocab, 3, seed: 1), missing);
        Assert.Equal(a, Row(WordVectors.LoadAligned(path, Vocab, 3, seed: 1), missing));
        Assert.NotEqual(a, Row(WordVectors.LoadAligned(path, Vocab, 3, seed: 2), missing));
        Assert.Contains(a, x => x != 0);
        var found = new[] { "the", "good", "movie", "new york" }.SelectMany(t => Row(WordVectors.LoadAligned(path, Vocab, 3), Vocab.IdOf(t))).ToArray();
        double mean = found.Average(x => (double)x);
        double range = Math.Sqrt(3 * found.Average(x => (x - mean) * (x - mean)));
        Assert.All(a, x => Assert.InRange(Math.Abs(x), 0, range));
    }

    [Fact]
    public void A_file_of_another_dimension_names_the_file_line_and_both_dimensions()
    {
        using var dir = new TempDir();
        var path = DataFiles.Write(dir.Combine("v50.txt"), "\nthe 1 2\ngood 3 4\n");
        var error = Assert.Throws<DataException>(() => WordVectors.LoadAligned(path, Vocab, expectedDim: 3));
        Assert.Equal($"{path}:2: its first vector has 2 dimensions, expected 3; use vectors of dimension 3 or set the embedding size to 2.", error.Message);

        var withHeader = DataFiles.Write(dir.Combine("w2v.txt"), "2 4\nthe 1 2 3 4\ngood 1 2 3 4\n");
        Assert.Contains(":1: its header says 4 dimensions, expected 3", Assert.Throws<DataException>(() => WordVectors.LoadAligned(withHeader, Vocab, 3)).Message);
        Assert.Equal(2, WordVectors.LoadAligned(withHeader, Vocab, 4).Found);

        var damaged = DataFiles.Write(dir.Combine("bad.txt"), "the 1 2 3\ngood 1 x 3\n");
        Assert.StartsWith($"{damaged}:2: field 3 ('x') is not a number", Assert.Throws<DataException>(() => WordVectors.LoadAligned(damaged, Vocab, 3)).Message);
        var shortLine = DataFiles.Write(dir.Combine("short.txt"), "the 1 2 3\ngood 1 2\n");
        Assert.StartsWith($"{shortLine}:2: 2 numbers after the token, expected 3", Assert.Throws<DataException>(() => WordVectors.LoadAligned(shortLine, Vocab, 3)).Message);
    }

    private static float[] Row(AlignedWordVectors v, int id) => [.. Enumerable.Range(0, v.Dim).Select(d => v.Weights[id, d])];
}
