using System.Text.Json.Nodes;
using TicketLab.Models;
using TicketLab.Models.Bert;

namespace TicketLab.Export;

/// <summary>An exported network's shapes as JSON, enough to rebuild it (the ONNX sidecar's and the safetensors metadata's
/// "architecture"), read from its tensors, so a compacted network's sliced sizes are what is written.</summary>
/// <remarks>cnn: <c>{"family":"cnn","classes","vocabSize","embeddingDim","filters","filterWidths":[…]}</c> (filters per width);
/// lstm: <c>{"family":"lstm","classes","vocabSize","embeddingDim","hiddenSize","layers","bidirectional"}</c>;
/// bert: <c>{"family":"bert","classes","config":{…},"layers":[{"heads","intermediateSize"}, …]}</c>, where config holds the keys of a
/// Hugging Face config.json and layers each layer's own head count and feed-forward size (config.json has one of each, and a compacted
/// layer keeps its own, down to 0; a head keeps config's head size, hidden_size ÷ num_attention_heads).</remarks>
public static class ModelArchitecture
{
    /// <summary>The architecture of <paramref name="model"/>; null for a family it does not describe (RNN).</summary>
    public static JsonObject? Json(TextClassifier model)
    {
        var shapes = model.Parameters().ToDictionary(p => p.Name, p => p.Parameter.shape);
        var embedding = shapes.GetValueOrDefault("embedding.weight");
        int classes = (int)shapes[shapes.ContainsKey("fc.weight") ? "fc.weight" : "classifier.weight"][0];
        switch (model)
        {
            case BertClassifier bert:
                var c = bert.Config;
                return new JsonObject
                {
                    ["family"] = "bert",
                    ["classes"] = classes,
                    ["config"] = JsonNode.Parse((c with { LayerSizes = null }).ToJson()),
                    ["layers"] = new JsonArray([.. Enumerable.Range(0, c.NumHiddenLayers).Select(l =>
                        (JsonNode)new JsonObject { ["heads"] = c.HeadsIn(l), ["intermediateSize"] = c.IntermediateSizeIn(l) })]),
                };
            case TextCnn:
                var convs = Enumerable.Range(0, shapes.Keys.Count(n => n.StartsWith("convs.", StringComparison.Ordinal) && n.EndsWith(".weight", StringComparison.Ordinal)))
                    .Select(i => shapes[$"convs.{i}.weight"]).ToList();                              // [filters, embedding, width] each
                return new JsonObject
                {
                    ["family"] = "cnn",
                    ["classes"] = classes,
                    ["vocabSize"] = embedding![0],
                    ["embeddingDim"] = embedding[1],
                    ["filters"] = convs[0][0],
                    ["filterWidths"] = new JsonArray([.. convs.Select(w => (JsonNode)w[2])]),
                };
            case Lstm:
                return new JsonObject
                {
                    ["family"] = "lstm",
                    ["classes"] = classes,
                    ["vocabSize"] = embedding![0],
                    ["embeddingDim"] = embedding[1],
                    ["hiddenSize"] = shapes["layers.0.fwd.weight_hh_l0"][1],
                    ["layers"] = shapes.Keys.Count(n => n.EndsWith(".fwd.weight_ih_l0", StringComparison.Ordinal)),
                    ["bidirectional"] = shapes.ContainsKey("layers.0.bwd.weight_ih_l0"),
                };
            default:
                return null;
        }
    }

    /// <summary>A network of the shapes <paramref name="json"/> describes (weights freshly initialised, eval mode), to load exported
    /// tensors into; <paramref name="origin"/> names the source in errors.</summary>
    /// <exception cref="UserException">A key is missing or of the wrong kind, or the sizes cannot form the family.</exception>
    public static TextClassifier Build(JsonObject json, string origin)
    {
        T Get<T>(string key) where T : notnull
        {
            try { return json[key] is { } v ? v.GetValue<T>() : throw new UserException($"{origin}: the architecture has no \"{key}\""); }
            catch (Exception e) when (e is InvalidOperationException or FormatException)
            {
                throw new UserException($"{origin}: the architecture's \"{key}\" is not a {typeof(T).Name}", e);
            }
        }
        JsonArray List(string key) => json[key] as JsonArray ?? throw new UserException($"{origin}: the architecture's \"{key}\" is not a list");

        int classes = Get<int>("classes");
        TextClassifier model;
        try
        {
            model = Get<string>("family") switch
            {
                "cnn" => new TextCnn(Get<int>("vocabSize"), classes, new ModelHparams(EmbeddingDim: Get<int>("embeddingDim"), Filters: Get<int>("filters"),
                    FilterWidths: string.Join(",", List("filterWidths").Select(w => w?.GetValue<int>()))), seed: 0),
                "lstm" => new Lstm(Get<int>("vocabSize"), classes, new ModelHparams(Name: "lstm", EmbeddingDim: Get<int>("embeddingDim"),
                    Hidden: Get<int>("hiddenSize"), Layers: Get<int>("layers"), Bidirectional: Get<bool>("bidirectional")), seed: 0),
                "bert" => new BertClassifier(BertConfig.FromJson(json["config"] as JsonObject ?? throw new UserException($"{origin}: the architecture's \"config\" is not an object"), origin) with
                {
                    LayerSizes = [.. List("layers").Select(l => new BertLayerSize(l?["heads"]?.GetValue<int>() ?? -1, l?["intermediateSize"]?.GetValue<int>() ?? -1))],
                }, classes, seed: 0),
                var family => throw new UserException($"{origin}: the architecture's family '{family}' is not one of cnn, lstm, bert"),
            };
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            throw new UserException($"{origin}: the architecture does not form a network: {e.Message}", e);
        }
        model.eval();
        return model;
    }
}
