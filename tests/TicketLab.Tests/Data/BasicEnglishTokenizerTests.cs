using TicketLab.Data;

namespace TicketLab.Tests.Data;

public sealed class BasicEnglishTokenizerTests
{
    private readonly BasicEnglishTokenizer _tokenizer = new();

    [Theory]
    [InlineData("Hello, World!", "hello|,|world|!")]
    [InlineData("I don't like it.", "i|don|'|t|like|it|.")]
    [InlineData("He said \"wow\" twice", "he|said|wow|twice")]
    [InlineData("a\"b", "ab")]                                   // quotes are deleted, not spaces
    [InlineData("a;b:c", "a|b|c")]
    [InlineData("(fine)?", "(|fine|)|?")]
    [InlineData("one<br />two<br/>three<br>four<BR />five", "one|two|three|four|five")]
    [InlineData("<b>bold</b> <br", "<b>bold</b>|<br")]           // other tags and a cut-off tag stay as text
    [InlineData("  tabs\tand\r\nnewlines  ", "tabs|and|newlines")]
    [InlineData("Rated 3.5/10...", "rated|3|.|5/10|.|.|.")]
    [InlineData("ÉTÉ Ünïcode", "été|ünïcode")]
    [InlineData("", "")]
    [InlineData(" \"\" ;: ", "")]
    public void Tokenizes_like_torchtext_basic_english(string text, string expected)
    {
        var want = expected.Length == 0 ? [] : expected.Split('|');
        Assert.Equal(want, _tokenizer.Tokenize(text));
    }

    [Fact]
    public void Span_visitor_gives_the_same_tokens_as_the_list()
    {
        const string text = "It's a GREAT film!<br /><br />10/10 (really); \"must\" see.";
        var seen = new List<string>();
        _tokenizer.Tokenize(text, token => seen.Add(token.ToString()));
        Assert.Equal(_tokenizer.Tokenize(text), seen);
    }
}
