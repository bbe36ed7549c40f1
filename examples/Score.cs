// Scores texts with a model exported by `ticketlab export --format onnx`, from plain .NET: ONNX Runtime and the sidecar JSON
// (model.onnx.json) written beside the model; no TicketLab reference.
//
//   dotnet run examples/Score.cs -- model.onnx "a text to classify" ["another text" …]
//
// Prints one line per text: the predicted class, then every class's probability.
#:package Microsoft.ML.OnnxRuntime@1.31.1
#:package Microsoft.ML.Tokenizers@2.0.1
#:property ManagePackageVersionsCentrally=false
#:property PublishAot=false

using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Microsoft.ML.Tokenizers;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: dotnet run examples/Score.cs -- MODEL.onnx TEXT [TEXT …]");
    return 2;
}
var sidecar = JsonDocument.Parse(File.ReadAllText(args[0] + ".json")).RootElement;
var settings = sidecar.GetProperty("tokenizer");
string[] vocabulary = [.. sidecar.GetProperty("vocabulary").EnumerateArray().Select(t => t.GetString()!)];
string[] classes = [.. sidecar.GetProperty("classes").EnumerateArray().Select(c => c.GetString()!)];
int maxLength = settings.GetProperty("maxLength").GetInt32();
Func<string, long[]> encode = settings.GetProperty("kind").GetString() switch
{
    "basic_english" => BasicEnglish(vocabulary, maxLength),
    "wordpiece" => WordPiece(vocabulary, settings.GetProperty("lowercase").GetBoolean(), maxLength),
    var kind => throw new NotSupportedException($"tokenizer '{kind}'"),
};

using var session = new InferenceSession(args[0]);
foreach (var text in args[1..])
{
    var ids = encode(text);
    var inputs = new[]
    {
        NamedOnnxValue.CreateFromTensor("input_ids", new DenseTensor<long>(ids, [1, ids.Length])),
        NamedOnnxValue.CreateFromTensor("lengths", new DenseTensor<long>(new long[] { ids.Length }, [1])),
    };
    using var results = session.Run(inputs);
    var probabilities = results.Single(r => r.Name == "probabilities").AsTensor<float>().ToArray();
    int best = Array.IndexOf(probabilities, probabilities.Max());
    Console.WriteLine(string.Join('\t', [classes[best], .. classes.Select((c, k) => string.Create(CultureInfo.InvariantCulture, $"{c}={probabilities[k]:F6}"))]));
}
return 0;

// torchtext's basic_english as TicketLab applies it: lower-case, <br /> as a space, ' . , ( ) ! ? as tokens, " dropped,
// ; : and whitespace as separators; unknown tokens are <unk> (id 1), at most maxLength ids, never none.
static Func<string, long[]> BasicEnglish(string[] vocabulary, int maxLength)
{
    var ids = vocabulary.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => (long)x.i, StringComparer.Ordinal);
    return text =>
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        void Flush() { if (current.Length > 0) { tokens.Add(current.ToString()); current.Clear(); } }
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            int tag = BreakTag(text.AsSpan(i));
            if (tag > 0) { Flush(); i += tag - 1; }
            else if ("'.,()!?".Contains(c)) { Flush(); tokens.Add(c.ToString()); }
            else if (c == '"') { }
            else if (c is ';' or ':' || char.IsWhiteSpace(c)) Flush();
            else current.Append(c is >= 'A' and <= 'Z' ? (char)(c | 0x20) : c < 128 ? c : char.ToLowerInvariant(c));
        }
        Flush();
        long[] result = [.. tokens.Take(maxLength).Select(t => ids.TryGetValue(t, out var id) && id != 0 ? id : 1L)];
        return result.Length == 0 ? [1L] : result;
    };
}

static int BreakTag(ReadOnlySpan<char> s)
{
    if (s.Length < 4 || s[0] != '<' || (s[1] | 0x20) != 'b' || (s[2] | 0x20) != 'r') return 0;
    if (s[3] == '>') return 4;
    if (s.Length >= 5 && s[3] == '/' && s[4] == '>') return 5;
    if (s.Length >= 6 && s[3] == ' ' && s[4] == '/' && s[5] == '>') return 6;
    return 0;
}

// BERT WordPiece with the model's own vocabulary: [CLS], the first maxLength − 2 pieces, [SEP].
static Func<string, long[]> WordPiece(string[] vocabulary, bool lowerCase, int maxLength)
{
    using var stream = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', vocabulary) + "\n"));
    var tokenizer = BertTokenizer.Create(stream, new BertOptions { LowerCaseBeforeTokenization = lowerCase, RemoveNonSpacingMarks = lowerCase });
    return text =>
    {
        var pieces = tokenizer.EncodeToIds(text, maxLength - 2, addSpecialTokens: false, out _, out _);
        return [tokenizer.ClassificationTokenId, .. pieces.Select(p => (long)p), tokenizer.SeparatorTokenId];
    };
}
