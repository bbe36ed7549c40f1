using TicketLab.Data;
using TicketLab.Tests.Data;

namespace TicketLab.Tests.Bert;

[Collection("Bert")]
public class WordPieceEncodingTests
{
    [Fact]
    public void A_real_sentence_becomes_cls_lower_cased_word_pieces_sep()
    {
        var vocab = BertFixtures.Vocab;
        var ids = vocab.Encode("The quizzical hobbit unbelievably flummoxed everyone at the Café.", 128);
        var tokens = ids.Select(i => vocab.Tokens[i]).ToArray();

        Assert.Equal("[CLS]", tokens[0]);
        Assert.Equal("[SEP]", tokens[^1]);
        Assert.Equal(101, ids[0]);                                    // bert-base-uncased ids, which MiniLM shares
        Assert.Equal(102, ids[^1]);
        Assert.Equal("the", tokens[1]);                               // uncased: lower-cased
        Assert.Contains(tokens, t => t.StartsWith("##", StringComparison.Ordinal));  // a rare word split into pieces
        Assert.Contains("cafe", tokens);                              // accents stripped
        Assert.Equal(".", tokens[^2]);
        Assert.DoesNotContain("[UNK]", tokens);
        var pieces = string.Concat(tokens[1..^1].Select(t => t.StartsWith("##", StringComparison.Ordinal) ? t[2..] : " " + t)).Trim();
        Assert.Equal("the quizzical hobbit unbelievably flummoxed everyone at the cafe .", pieces);
    }

    [Fact]
    public void Long_texts_are_cut_to_max_length_with_sep_kept_and_empty_texts_are_cls_sep()
    {
        var vocab = BertFixtures.Vocab;
        var ids = vocab.Encode(string.Join(' ', Enumerable.Repeat("wonderful film", 100)), 16);
        Assert.Equal(16, ids.Length);
        Assert.Equal(vocab.Tokenizer.SeparatorTokenId, ids[^1]);
        Assert.Equal([101, 102], vocab.Encode("", 16));
    }

    [Fact]
    public void Encoded_datasets_keep_bert_ids_and_come_back_from_the_cache()
    {
        var vocab = BertFixtures.Vocab;
        TextExample[] Examples(int offset) => [.. BertFixtures.Sentences.Select((s, i) => new TextExample(s, (i + offset) % 2, $"s{i}"))];
        var splits = new DatasetSplits("sentences", Examples(0), Examples(1), Examples(0)[..2], ["neg", "pos"]);
        using var cache = new TempDir();

        var built = BertEncoding.LoadOrBuild(splits, 32, vocab, cache.Path);
        Assert.Equal(vocab.Tokens.Count, built.Vocab.Count);
        Assert.Equal("[CLS]", built.Vocab.TokenOf(101));
        Assert.Equal(Vocabulary.PadToken, built.Vocab.TokenOf(Vocabulary.PadId));
        Assert.Equal(vocab.Encode(BertFixtures.Sentences[2], 32), built.Train.Ids[2]);
        Assert.Equal([1, 0, 1, 0], built.Validation.Labels);
        Assert.Single(Directory.GetFiles(Path.Combine(cache.Path, "encoded")));

        var again = BertEncoding.LoadOrBuild("sentences", "content:" + EncodedDatasetCache.ContentFingerprint(splits), 32, vocab, cache.Path,
            () => throw new InvalidOperationException("a cache hit must not load the data"));
        Assert.Equal(built.Train.Ids, again.Train.Ids);
        Assert.Equal(built.Test.Labels, again.Test.Labels);
        Assert.Equal(built.ClassNames, again.ClassNames);

        var shorter = BertEncoding.LoadOrBuild(splits, 8, vocab, cache.Path);          // another max length: another entry
        Assert.All(shorter.Train.Ids, row => Assert.True(row.Length <= 8));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(cache.Path, "encoded")).Length);
    }
}
