using System.Text.Json;
using System.Text.Json.Nodes;
using TicketLab.Inference;
using TicketLab.Models;
using TicketLab.Models.Bert;

namespace TicketLab.Export;

/// <summary>The JSON written beside an exported ONNX model (<c>model.onnx.json</c>): everything a scorer needs to turn text into the
/// model's inputs and its outputs into class names (tokenizer and vocabulary, max/min length, classes), and what the graph computes.</summary>
public static class OnnxSidecar
{
    public const string Format = "ticketlab-onnx/1";

    /// <summary>The sidecar's path for an ONNX file.</summary>
    public static string PathFor(string onnxPath) => onnxPath + ".json";

    /// <summary>The sidecar of <paramref name="m"/> exported as <paramref name="network"/> (its own network, or the compact one) with
    /// <paramref name="structures"/>: "structures" says which, "architecture" (<see cref="ModelArchitecture"/>) gives the shapes written.</summary>
    public static string Json(TrainedModel m, TextClassifier network, StructureLayout structures)
    {
        var encoder = m.Encoder;
        var tokenizer = new JsonObject
        {
            ["kind"] = encoder.Kind,
            ["lowercase"] = encoder.LowerCase,
            ["maxLength"] = encoder.MaxLength,
            ["minLength"] = m.Hparams.Training.MinLength,
            ["padId"] = 0,
        };
        if (encoder.Kind == "basic_english") tokenizer["unkId"] = 1;
        else
        {
            tokenizer["clsToken"] = "[CLS]";
            tokenizer["sepToken"] = "[SEP]";
            tokenizer["note"] = "ids are [CLS], the first maxLength - 2 word pieces, [SEP]";
        }
        var json = new JsonObject
        {
            ["format"] = Format,
            ["run"] = m.RunName,
            ["level"] = m.Level,
            ["method"] = m.Method,
            ["sparsity"] = m.Result.Sparsity,
            ["model"] = m.Hparams.Model.Name,
            ["structures"] = StructureLayouts.Word(structures),
            ["architecture"] = ModelArchitecture.Json(network),
            ["inputs"] = new JsonObject
            {
                ["input_ids"] = "int64 [batch, length]: token ids, right-padded with padId",
                ["lengths"] = "int64 [batch]: the number of real tokens of each row",
            },
            ["outputs"] = new JsonObject
            {
                ["logits"] = "float [batch, classes]",
                ["probabilities"] = "float [batch, classes]: softmax of the logits",
            },
            ["pooling"] = Pooling(m),
            ["tokenizer"] = tokenizer,
            ["classes"] = new JsonArray([.. m.Classes.Select(c => (JsonNode)c)]),
            ["vocabulary"] = new JsonArray([.. encoder.Tokens.Select(t => (JsonNode)t)]),
        };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    private static string Pooling(TrainedModel m) => m.Hparams.Model.Name.ToLowerInvariant() switch
    {
        "cnn" => "max over time of each convolution's ReLU output (short rows padded to minLength inside the graph)",
        "lstm" => "final hidden states of the last layer (forward at each row's last token, backward at its first)",
        _ when BertModels.IsBert(m.Hparams.Model.Name) => "pooler (dense + tanh) on the [CLS] position; padding masked out of attention",
        var other => other,
    };
}
