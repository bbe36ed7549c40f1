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
    /// probabilities [batch, classes]) to <paramref name="path"/> and its sidecar JSON beside it, both atomically.</summary>
    /// <exception cref="UserException">The run's model family has no ONNX export.</exception>
    public static void Onnx(TrainedModel m, string path)
    {
        var g = new OnnxGraph();
        var ids = g.Input("input_ids", "batch", "length");
        var lengths = g.Input("lengths", "batch");
        var p = m.Model.Parameters().ToDictionary(x => x.Name, x => (Tensor)x.Parameter);
        var logits = m.Model switch
        {
            TextCnn => OnnxTextCnn.Logits(g, p, m.Hparams.Model, m.Hparams.Training.MinLength, ids),
            Lstm => OnnxLstm.Logits(g, p, m.Hparams.Model, ids, lengths),
            BertClassifier bert => OnnxBert.Logits(g, p, bert.Config, ids, lengths),
            _ => throw new UserException($"{m.RunDir} is a {m.Hparams.Model.Name} run; ONNX export supports {string.Join(", ", OnnxModels)}"),
        };
        int classes = m.Classes.Count;
        g.Output(logits, "logits", "batch", classes);
        g.Output(g.Node("Softmax", [logits], [("axis", 1L)]), "probabilities", "batch", classes);
        AtomicFile.WriteAllBytes(path, g.ToBytes($"{m.RunName} level {m.Level} {m.Method}; see {Path.GetFileName(OnnxSidecar.PathFor(path))}"));
        AtomicFile.WriteAllText(OnnxSidecar.PathFor(path), OnnxSidecar.Json(m));
    }

    /// <summary>Writes every parameter (pruned weights as zeros) as safetensors; with <paramref name="compact"/> the masked tensors
    /// that gain from it are stored sparse. Returns the file's size in bytes.</summary>
    public static long SafeTensors(TrainedModel m, string path, bool compact)
    {
        var metadata = new Dictionary<string, string>
        {
            ["format"] = compact ? CompactTensors.Format : "pt",
            ["run"] = m.RunName,
            ["level"] = m.Level.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["method"] = m.Method,
            ["classes"] = string.Join("\n", m.Classes),
        };
        using var scope = NewDisposeScope();
        var tensors = m.Model.Parameters().SelectMany(p => CompactTensors.Encode(p.Name, p.Parameter, compact && m.Mask.Names.Contains(p.Name)));
        Models.Bert.SafeTensors.Write(path, tensors, metadata);
        return new FileInfo(path).Length;
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
            result.Add(new ExportSize(level, name, m.Result.Sparsity, m.Result.SparsityOfAll, SafeTensors(m, dense, compact: false), SafeTensors(m, compact, compact: true)));
            File.Delete(dense);
            File.Delete(compact);
        }
        return result;
    }
}
