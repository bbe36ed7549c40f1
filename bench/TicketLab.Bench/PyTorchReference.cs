using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using TicketLab.Data;
using TicketLab.Models;
using TicketLab.Training;

namespace TicketLab.Bench;

/// <summary>
/// Runs bench/reference/reference.py (PyTorch) on weights and batches TicketLab exported, for the side-by-side figures.
/// PyTorch is bench tooling only: where no python3 with torch is found the reference is skipped with a message.
/// </summary>
public sealed class PyTorchReference
{
    private readonly string python;
    private readonly string script;

    private PyTorchReference(string python, string script) => (this.python, this.script) = (python, script);

    /// <summary>The Python that imports torch (TICKETLAB_PYTHON, then python3, then /usr/bin/python3), or null and why not.</summary>
    public static PyTorchReference? Find(out string why)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "reference", "reference.py");
        if (!File.Exists(script)) { why = $"PyTorch reference skipped: {script} is missing"; return null; }
        var candidates = new[] { Environment.GetEnvironmentVariable("TICKETLAB_PYTHON"), "python3", "/usr/bin/python3" }
            .Where(c => !string.IsNullOrEmpty(c)).Distinct().ToList();
        foreach (var c in candidates)
            if (TryRun(c!, ["-c", "import torch, numpy"], out _, out _)) { why = ""; return new PyTorchReference(c!, script); }
        why = $"PyTorch reference skipped: no Python with torch and numpy found (tried {string.Join(", ", candidates)}); " +
              "install python3-torch or set TICKETLAB_PYTHON to measure P7";
        return null;
    }

    /// <summary>Writes the model's current weights and the given batches as manifest.json + data.bin (raw little-endian).</summary>
    public static void Export(string dir, TextClassifier model, ModelHparams m, int vocab, int classes, TrainingHparams t,
        EncodedSplit train, IReadOnlyList<int[]> trainPlan, EncodedSplit validation, IReadOnlyList<int[]> validationPlan)
    {
        Directory.CreateDirectory(dir);
        using var data = new BinaryWriter(File.Create(Path.Combine(dir, "data.bin")));
        JsonObject Entry(string name, string dtype, long[] shape, ReadOnlySpan<byte> bytes)
        {
            var e = new JsonObject { ["name"] = name, ["dtype"] = dtype, ["shape"] = new JsonArray(shape.Select(s => (JsonNode)s).ToArray()), ["offset"] = data.BaseStream.Position };
            data.Write(bytes);
            return e;
        }
        JsonObject Longs(string name, long[] values, long[] shape) => Entry(name, "i64", shape, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        JsonArray Batches(EncodedSplit split, IReadOnlyList<int[]> plan) => new(plan.Select(indices =>
        {
            using var b = Data.Batches.Collate(split, indices, t.MinLength);
            return (JsonNode)new JsonArray(
                Longs("ids", b.Ids.data<long>().ToArray(), b.Ids.shape),
                Longs("lengths", b.Lengths.data<long>().ToArray(), b.Lengths.shape),
                Longs("labels", b.Labels.data<long>().ToArray(), b.Labels.shape));
        }).ToArray());

        var tensors = new JsonArray(model.Parameters().Select(p =>
        {
            using var c = p.Parameter.detach().contiguous();
            return (JsonNode)Entry(p.Name, "f32", c.shape, System.Runtime.InteropServices.MemoryMarshal.AsBytes(c.data<float>().ToArray().AsSpan()));
        }).ToArray());
        var manifest = new JsonObject
        {
            ["model"] = new JsonObject
            {
                ["name"] = m.Name, ["vocab"] = vocab, ["classes"] = classes, ["embedding_dim"] = m.EmbeddingDim, ["filters"] = m.Filters,
                ["widths"] = new JsonArray(m.Widths().Select(w => (JsonNode)w).ToArray()), ["dropout"] = m.Dropout, ["hidden"] = m.Hidden,
                ["layers"] = m.Layers ?? 2,
            },
            ["learning_rate"] = t.LearningRate,
            ["threads"] = TorchSharp.torch.get_num_threads(),
            ["tensors"] = tensors,
            ["train"] = Batches(train, trainPlan),
            ["validation"] = Batches(validation, validationPlan),
        };
        File.WriteAllText(Path.Combine(dir, "manifest.json"), manifest.ToJsonString());
    }

    /// <summary>One PyTorch epoch (training steps and the validation pass) on the exported batches, seconds as it timed them.</summary>
    public double Epoch(string dir) => Run(dir, "epoch").GetProperty("seconds").GetDouble();

    /// <summary>PyTorch's loss on the first exported batch before and after one optimiser step (dropout as exported).</summary>
    public double[] ParityLosses(string dir) => Run(dir, "parity").GetProperty("losses").EnumerateArray().Select(e => e.GetDouble()).ToArray();

    private JsonElement Run(string dir, string mode)
    {
        if (!TryRun(python, [script, dir, mode], out var stdout, out var stderr))
            throw new InvalidOperationException($"{python} {script} {mode} failed: {stderr.Trim()}");
        return JsonDocument.Parse(stdout.Trim().Split('\n')[^1]).RootElement;
    }

    private static bool TryRun(string file, string[] args, out string stdout, out string stderr)
    {
        stdout = stderr = "";
        try
        {
            var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in args) info.ArgumentList.Add(a);
            using var p = Process.Start(info)!;
            var err = p.StandardError.ReadToEndAsync();
            stdout = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            stderr = err.Result;
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no such program
        }
    }
}
