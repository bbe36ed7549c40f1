using TicketLab.Data;

namespace TicketLab.Tests.Data;

public sealed class VocabularyTests
{
    private static IReadOnlyList<string>[] Texts(params string[] texts) => texts.Select(t => (IReadOnlyList<string>)t.Split(' ')).ToArray();

    [Fact]
    public void Orders_by_descending_count_then_ordinal_with_specials_first()
    {
        var vocab = Vocabulary.Build(Texts("b a c a", "c b a", "Z d"), maxSize: 100, minFreq: 1);
        // a:3, b:2, c:2, Z:1, d:1 — ordinal puts upper case before lower case
        Assert.Equal(["<pad>", "<unk>", "a", "b", "c", "Z", "d"], vocab.Tokens);
        Assert.Equal(Vocabulary.PadId, vocab.IdOf("<pad>"));
        Assert.Equal(Vocabulary.UnkId, vocab.IdOf("never-seen"));
        Assert.Equal(3, vocab.IdOf("b"));
        Assert.Equal(3, vocab.IdOf("b".AsSpan()));
        Assert.Equal("c", vocab.TokenOf(4));
        Assert.Equal(7, vocab.Count);
    }

    [Fact]
    public void Max_size_and_min_freq_limit_the_tokens()
    {
        var texts = Texts("a a a b b c d", "a b c e");
        Assert.Equal(["<pad>", "<unk>", "a", "b"], Vocabulary.Build(texts, maxSize: 2, minFreq: 1).Tokens);
        Assert.Equal(["<pad>", "<unk>", "a", "b", "c"], Vocabulary.Build(texts, maxSize: 100, minFreq: 2).Tokens);
        Assert.Equal(["<pad>", "<unk>"], Vocabulary.Build(texts, maxSize: 0, minFreq: 1).Tokens);
    }

    [Fact]
    public void Build_from_raw_texts_in_parallel_matches_build_from_token_lists()
    {
        var tokenizer = new BasicEnglishTokenizer();
        var texts = ImdbFixture.Files(perFolder: 40).Select(f => f.Text).ToArray();
        var fromRaw = Vocabulary.Build(texts, tokenizer, maxSize: 500, minFreq: 2);
        var fromLists = Vocabulary.Build(texts.Select(tokenizer.Tokenize), maxSize: 500, minFreq: 2);
        Assert.Equal(fromLists.Tokens, fromRaw.Tokens);
        Assert.True(fromRaw.Count > 20);
    }

    [Fact]
    public void Encode_truncates_maps_unknowns_and_never_returns_empty()
    {
        var tokenizer = new BasicEnglishTokenizer();
        var vocab = Vocabulary.Build(Texts("good movie", "good"), maxSize: 10, minFreq: 1);
        Assert.Equal([vocab.IdOf("good"), vocab.IdOf("movie"), Vocabulary.UnkId], vocab.Encode("Good movie, truly", tokenizer, maxLength: 3));
        Assert.Equal([Vocabulary.UnkId], vocab.Encode("", tokenizer, maxLength: 3));
        Assert.Equal([Vocabulary.UnkId], vocab.Encode("<pad>", tokenizer, maxLength: 3));   // text never reads as padding
    }

    [Fact]
    public void Save_and_load_round_trip_and_a_bad_file_names_the_line()
    {
        using var dir = new TempDir();
        var vocab = Vocabulary.Build(Texts("ünï b a a"), maxSize: 10, minFreq: 1);
        var path = dir.Combine("vocab.txt");
        vocab.Save(path);
        Assert.Equal(vocab.Tokens, Vocabulary.Load(path).Tokens);

        File.WriteAllLines(path, ["<pad>", "<unk>", "a", "a"]);
        var error = Assert.Throws<DataException>(() => Vocabulary.Load(path));
        Assert.Contains($"{path}:4", error.Message);
    }

    [SkippableFact]
    public void Imdb_vocabulary_comes_from_train_only()
    {
        var imdb = SharedImdb.Raw;
        var tokenizer = new BasicEnglishTokenizer();
        var vocab = Vocabulary.Build(imdb.Train.Select(e => e.Text).ToArray(), tokenizer, maxSize: 1_000_000, minFreq: 1);

        var trainTokens = tokenizer.TokenizeAll(imdb.Train.Select(e => e.Text).ToArray()).SelectMany(t => t).ToHashSet();
        Assert.Equal(trainTokens.Count + 2, vocab.Count);
        var testOnly = imdb.Test.SelectMany(e => tokenizer.Tokenize(e.Text)).First(t => !trainTokens.Contains(t));
        Assert.Equal(Vocabulary.UnkId, vocab.IdOf(testOnly));
        var validationOnly = imdb.Validation.SelectMany(e => tokenizer.Tokenize(e.Text)).First(t => !trainTokens.Contains(t));
        Assert.Equal(Vocabulary.UnkId, vocab.IdOf(validationOnly));

        var capped = Vocabulary.Build(imdb.Train.Select(e => e.Text).ToArray(), tokenizer, maxSize: 25_000, minFreq: 1);
        Assert.Equal(25_002, capped.Count);
        Assert.Equal(vocab.Tokens.Take(25_002), capped.Tokens);
        Assert.Equal("the", capped.TokenOf(2));
    }
}
