using System.Text.Json.Nodes;
using TicketLab.Inference;
using TicketLab.Lottery;
using TicketLab.Models;
using TicketLab.Models.Bert;
using static TorchSharp.torch;

namespace TicketLab.Export;

/// <summary>Writes a run's trained network for use outside TicketLab: ONNX (with its sidecar JSON), safetensors of the masked
/// weights, or compact safetensors (pruned tensors as values + indices + shape, see <see cref="CompactTensors"/>).</summary>
public static class Exporter
{
    /// <summary>The model families ONNX export supports.</summary>
    public static IReadOnlyList<string> OnnxModels { get; } = ["cnn", "lstm", "bert", "bert:PATH"];

    /// <summary>Writes the ONNX model (opset 17; inputs input_ids [batch, length] and lengths [batch], int64; outputs logits and
    /// probabilities [batch, classes]) to <paramref name="path"/> and its sidecar JSON beside it, both atomically. A structured run's
    /// pruned structures are sliced away unless <paramref name="structures"/> asks for <see cref="StructureLayout.Masked"/>.</summary>
    /// <exception cref="UserException">The run's model family has no ONNX export, or compact structures asked of an unstructured run.</exception>
    public static void Onnx(TrainedModel m, string path, StructureLayout? structures = null)
    {
        var (layout, compact) = Network(m, structures);
        using var _ = compact;
        var network = compact ?? m.Model;
        var g = new OnnxGraph();
        var ids = g.Input("input_ids", "batch", "length");
        var lengths = g.Input("lengths", "batch");
        var p = network.Parameters().ToDictionary(x => x.Name, x => (Tensor)x.Parameter);
        var logits = network switch
        {
            TextCnn => OnnxTextCnn.Logits(g, p, m.Hparams.Model, m.Hparams.Training.MinLength, ids),
            Lstm => OnnxLstm.Logits(g, p, m.Hparams.Model, ids, lengths),
            BertClassifier bert => OnnxBert.Logits(g, p, bert.Config, ids, lengths),
            _ => throw new UserException($"{m.RunDir} is a {m.Hparams.Model.Name} run; ONNX export supports {string.Join(", ", OnnxModels)}"),
        };
        int classes = m.Classes.Count;
        g.Output(logits, "logits", "batch", classes);
        g.Output(g.Node("Softmax", [logits], [("axis", 1L)]), "probabilities", "batch", classes);
        AtomicFile.WriteAllBytes(path, g.ToBytes($"{m.RunName} level {m.Level} {m.Method}, {StructureLayouts.Word(layout)} structures; see {Path.GetFileName(OnnxSidecar.PathFor(path))}"));
        AtomicFile.WriteAllText(OnnxSidecar.PathFor(path), OnnxSidecar.Json(m, network, layout));
    }

    /// <summary>Writes every parameter (pruned weights as zeros) as safetensors; with <paramref name="compact"/> the masked tensors
    /// that gain from it are stored sparse. A structured run's pruned structures are sliced away unless <paramref name="structures"/>
    /// asks for <see cref="StructureLayout.Masked"/>; the metadata's "architecture" (<see cref="ModelArchitecture"/>) gives the shapes
    /// written. Returns the file's size in bytes.</summary>
    /// <exception cref="UserException">Compact structures asked of an unstructured run.</exception>
    public static long SafeTensors(TrainedModel m, string path, bool compact, StructureLayout? structures = null)
    {
        var (layout, compacted) = Network(m, structures);
        using var _ = compacted;
        var network = compacted ?? m.Model;
        var metadata = new Dictionary<string, string>
        {
            ["format"] = compact ? CompactTensors.Format : "pt",
            ["run"] = m.RunName,
            ["level"] = m.Level.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["method"] = m.Method,
            ["classes"] = string.Join("\n", m.Classes),
            ["structures"] = StructureLayouts.Word(layout),
        };
        if (ModelArchitecture.Json(network) is { } architecture) metadata["architecture"] = architecture.ToJsonString();
        using var scope = NewDisposeScope();
        var tensors = network.Parameters().SelectMany(p => CompactTensors.Encode(p.Name, p.Parameter, compact && m.Mask.Names.Contains(p.Name)));
        Models.Bert.SafeTensors.Write(path, tensors, metadata);
        return new FileInfo(path).Length;
    }

    // the layout, and the compact network the caller disposes when it is compact (else null: the run's own network is written)
    private static (StructureLayout Layout, TextClassifier? Compact) Network(TrainedModel m, StructureLayout? asked)
    {
        var layout = StructureLayouts.For(m, asked);
        if (layout == StructureLayout.Masked) return (layout, null);
        try { return (layout, m.Compact($"{StructureLayouts.Option} compact")); }
        catch (UserException e) when (asked is null)
        {
            throw new UserException($"{e.Message}; {StructureLayouts.Option} masked exports it with its full shapes", e);
        }
    }

    /// <summary>The network a safetensors file written by <see cref="SafeTensors"/> holds (dense or compact, masked or compacted
    /// structures), rebuilt from its metadata's "architecture" and loaded with its tensors, in eval mode. The caller owns it.</summary>
    /// <exception cref="UserException">The file is malformed, has no architecture, or its tensors do not fit it (named).</exception>
    public static TextClassifier LoadSafeTensors(string path)
    {
        var tensors = CompactTensors.Read(path, out var metadata);
        TextClassifier? model = null;
        try
        {
            var json = metadata.TryGetValue("architecture", out var text) ? JsonNode.Parse(text) as JsonObject : null;
            model = ModelArchitecture.Build(json ?? throw new UserException($"{path}: no \"architecture\" in its metadata; it was not written by ticketlab export"), path);
            using (no_grad())
                foreach (var (name, p) in model.Parameters())
                {
                    if (!tensors.TryGetValue(name, out var t) || !t.shape.SequenceEqual(p.shape))
                        throw new UserException($"{path}: '{name}' is " + (t is null ? "missing" : $"[{string.Join(", ", t.shape)}]") + $"; the architecture has [{string.Join(", ", p.shape)}]");
                    p.copy_(t);
                }
            return model;
        }
        catch (System.Text.Json.JsonException e)
        {
            model?.Dispose();
            throw new UserException($"{path}: the metadata's architecture is not JSON: {e.Message}", e);
        }
        catch
        {
            model?.Dispose();
            throw;
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    /// <summary>Dense and compact safetensors sizes of every finished level of <paramref name="method"/> in <paramref name="runDir"/>
    /// (and the dense level 0), measured by writing both files to <paramref name="scratchDir"/>.</summary>
    public static IReadOnlyList<ExportSize> Sizes(string runDir, string scratchDir, string method = Methods.Ticket)
    {
        Directory.CreateDirectory(scratchDir);
        var result = new List<ExportSize>();
        var levels = TrainedModel.FinishedLevels(runDir)
            .Where(l => l.Method == method || (l.Level == 0 && l.Method == Methods.Dense))
            .OrderBy(l => l.Level);
        foreach (var (level, name) in levels)
        {
            using var m = TrainedModel.Load(runDir, level, name);
            var dense = Path.Combine(scratchDir, "dense.safetensors");
            var compact = Path.Combine(scratchDir, "compact.safetensors");
            result.Add(new ExportSize(level, name, m.Result.Sparsity, m.Result.SparsityOfAll,
                SafeTensors(m, dense, compact: false, StructureLayout.Masked), SafeTensors(m, compact, compact: true, StructureLayout.Masked)));
            File.Delete(dense);
            File.Delete(compact);
        }
        return result;
    }
}
