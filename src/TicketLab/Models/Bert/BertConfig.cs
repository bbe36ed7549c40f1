using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TicketLab.Models.Bert;

/// <summary>A BERT encoder's sizes and regularisation, named as in a Hugging Face config.json; defaults are bert-base's.</summary>
public sealed record BertConfig(
    int VocabSize = 30522,
    int HiddenSize = 768,
    int NumHiddenLayers = 12,
    int NumAttentionHeads = 12,
    int IntermediateSize = 3072,
    int MaxPositionEmbeddings = 512,
    int TypeVocabSize = 2,
    double LayerNormEps = 1e-12,
    string HiddenAct = "gelu",
    double HiddenDropoutProb = 0.1,
    double AttentionProbsDropoutProb = 0.1,
    double InitializerRange = 0.02)
{
    /// <summary>all-MiniLM-L6-v2 (sentence-transformers): 6 layers, hidden 384, 12 heads, uncased WordPiece.</summary>
    public static BertConfig MiniLmL6 { get; } = new(HiddenSize: 384, NumHiddenLayers: 6, IntermediateSize: 1536);

    /// <summary>Activations of the intermediate layer that <see cref="BertClassifier"/> implements.</summary>
    public static IReadOnlyList<string> Activations { get; } = ["gelu", "gelu_new", "gelu_pytorch_tanh", "relu"];

    /// <summary>Per-head width, hidden ÷ heads.</summary>
    public int HeadSize => HiddenSize / NumAttentionHeads;

    /// <summary>Per-layer sizes of a structurally compacted BERT (see <see cref="BertLayerSize"/>); null, as for every checkpoint, means
    /// each layer has <see cref="NumAttentionHeads"/> heads and <see cref="IntermediateSize"/> neurons.</summary>
    /// <remarks>Hugging Face's config.json has no per-layer feed-forward size, so a config with layer sizes has no <see cref="ToJson"/>.
    /// Record equality compares this list by reference.</remarks>
    public IReadOnlyList<BertLayerSize>? LayerSizes { get; init; }

    /// <summary>The attention heads of layer <paramref name="layer"/>.</summary>
    public int HeadsIn(int layer) => LayerSizes?[layer].Heads ?? NumAttentionHeads;

    /// <summary>The feed-forward neurons of layer <paramref name="layer"/>.</summary>
    public int IntermediateSizeIn(int layer) => LayerSizes?[layer].IntermediateSize ?? IntermediateSize;

    /// <summary>Throws <see cref="BertImportException"/> when the sizes cannot form a BERT.</summary>
    public BertConfig Validated(string origin = "config")
    {
        if (VocabSize < 1 || HiddenSize < 1 || NumHiddenLayers < 1 || NumAttentionHeads < 1 || IntermediateSize < 1
            || MaxPositionEmbeddings < 1 || TypeVocabSize < 1)
            throw new BertImportException($"{origin}: every size must be positive ({this})");
        if (HiddenSize % NumAttentionHeads != 0)
            throw new BertImportException($"{origin}: hidden_size {HiddenSize} is not a multiple of num_attention_heads {NumAttentionHeads}");
        if (!Activations.Contains(HiddenAct))
            throw new BertImportException($"{origin}: hidden_act '{HiddenAct}' is not supported; supported: {string.Join(", ", Activations)}");
        if (LayerSizes is { } sizes)
        {
            if (sizes.Count != NumHiddenLayers)
                throw new BertImportException($"{origin}: {sizes.Count} layer sizes for {NumHiddenLayers} layers");
            for (int l = 0; l < sizes.Count; l++)
                if (sizes[l].Heads < 0 || sizes[l].Heads > NumAttentionHeads || sizes[l].IntermediateSize < 0)
                    throw new BertImportException($"{origin}: layer {l} has {sizes[l].Heads} heads and {sizes[l].IntermediateSize} neurons; heads must be 0..{NumAttentionHeads}, neurons ≥ 0");
        }
        return this;
    }

    /// <summary>Reads a Hugging Face config.json; absent keys keep bert-base's defaults.</summary>
    public static BertConfig FromJson(string path)
    {
        JsonObject json;
        try { json = JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new JsonException("not an object"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException)
        {
            throw new BertImportException($"{path}: cannot read a BERT config: {e.Message.ReplaceLineEndings(" ")}", e);
        }
        return FromJson(json, path);
    }

    /// <summary>Reads the keys of a Hugging Face config.json from <paramref name="json"/> (e.g. one embedded in another file); absent keys
    /// keep bert-base's defaults. <paramref name="origin"/> names the source in errors.</summary>
    public static BertConfig FromJson(JsonObject json, string origin)
    {
        if (json["model_type"]?.GetValue<string>() is { } type && type is not ("bert" or "BertModel"))
            throw new BertImportException($"{origin}: model_type '{type}' is not 'bert'");

        var d = new BertConfig();
        try
        {
            return new BertConfig(
                Int(json, "vocab_size", d.VocabSize),
                Int(json, "hidden_size", d.HiddenSize),
                Int(json, "num_hidden_layers", d.NumHiddenLayers),
                Int(json, "num_attention_heads", d.NumAttentionHeads),
                Int(json, "intermediate_size", d.IntermediateSize),
                Int(json, "max_position_embeddings", d.MaxPositionEmbeddings),
                Int(json, "type_vocab_size", d.TypeVocabSize),
                Double(json, "layer_norm_eps", d.LayerNormEps),
                json["hidden_act"]?.GetValue<string>() ?? d.HiddenAct,
                Double(json, "hidden_dropout_prob", d.HiddenDropoutProb),
                Double(json, "attention_probs_dropout_prob", d.AttentionProbsDropoutProb),
                Double(json, "initializer_range", d.InitializerRange)).Validated(origin);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            throw new BertImportException($"{origin}: {e.Message}", e);
        }
    }

    /// <summary>This config as a Hugging Face config.json (model_type bert), e.g. to write a model directory.</summary>
    /// <exception cref="InvalidOperationException">A config with <see cref="LayerSizes"/>, which config.json cannot hold.</exception>
    public string ToJson() => LayerSizes is not null
        ? throw new InvalidOperationException("a compacted BERT (per-layer sizes) cannot be written as a Hugging Face config.json, which has one feed-forward size")
        : new JsonObject
    {
        ["model_type"] = "bert",
        ["architectures"] = new JsonArray("BertModel"),
        ["vocab_size"] = VocabSize,
        ["hidden_size"] = HiddenSize,
        ["num_hidden_layers"] = NumHiddenLayers,
        ["num_attention_heads"] = NumAttentionHeads,
        ["intermediate_size"] = IntermediateSize,
        ["max_position_embeddings"] = MaxPositionEmbeddings,
        ["type_vocab_size"] = TypeVocabSize,
        ["layer_norm_eps"] = LayerNormEps,
        ["hidden_act"] = HiddenAct,
        ["hidden_dropout_prob"] = HiddenDropoutProb,
        ["attention_probs_dropout_prob"] = AttentionProbsDropoutProb,
        ["initializer_range"] = InitializerRange,
        ["pad_token_id"] = 0,
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    private static int Int(JsonObject json, string key, int fallback) => json[key] is { } v
        ? v.GetValue<int>()
        : fallback;

    private static double Double(JsonObject json, string key, double fallback) => json[key] is { } v
        ? v.GetValue<double>()
        : fallback;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"BERT vocab {VocabSize}, hidden {HiddenSize}, layers {NumHiddenLayers}, heads {NumAttentionHeads}, intermediate {IntermediateSize}, positions {MaxPositionEmbeddings}, {HiddenAct}")
        + (LayerSizes is { } sizes ? ", compacted to heads/neurons " + string.Join(" ", sizes.Select(s => $"{s.Heads}/{s.IntermediateSize}")) : "");
}
