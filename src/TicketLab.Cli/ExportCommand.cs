using System.CommandLine;
using System.Globalization;
using TicketLab.Export;

namespace TicketLab.Cli;

/// <summary>`ticketlab export`: write a run's network as ONNX (with a sidecar JSON) or safetensors (dense, or compact sparse); a
/// structured run's network compacted unless --structures masked.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var pick = new RunLevelOptions("the pruning level (0 = dense)");
        var format = new Option<string?>("--format") { Description = "onnx, or safetensors (the masked weights)" };
        var compact = new Option<bool>("--compact") { Description = "safetensors: store pruned tensors as values + indices + shape" };
        var output = new Option<string?>("--out") { Description = "the file to write (ONNX: its sidecar JSON goes to FILE.json)" };
        var structures = new Option<string?>(StructureLayouts.Option)
        {
            Description = "structured runs: compact (the default: pruned filters, hidden units, heads and neurons sliced out, a smaller model computing the same) or masked (the run's full shapes, pruned structures as zeros)",
        };
        var sizes = new Option<bool>("--sizes") { Description = "instead: a table of the dense and compact safetensors sizes at every level of the method" };
        var command = new Command("export", "Export a run's network at a level: ONNX for ONNX Runtime (cnn, lstm, bert), or safetensors of the masked weights; a structured run's pruned structures are sliced away.");
        pick.AddTo(command);
        foreach (var o in new Option[] { format, compact, structures, output, sizes }) command.Options.Add(o);
        command.SetAction(r =>
        {
            if (r.GetValue(sizes))
            {
                if (r.GetValue(format) is not null || r.GetValue(output) is not null || r.GetValue(pick.Level) is not null || r.GetValue(structures) is not null)
                    throw new ArgumentException("--sizes measures every level: give it without --level, --format, --structures and --out");
                var runDir = pick.RunDir(r);
                var scratch = Path.Combine(Path.GetTempPath(), $"ticketlab-sizes-{Environment.ProcessId}");
                try { Console.Write(ExportSize.Table(Exporter.Sizes(runDir, scratch, r.GetValue(pick.Method) ?? Lottery.Methods.Ticket)).ToMarkdown()); }
                finally { if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true); }
                return 0;
            }
            if (r.GetValue(pick.Level) is null) throw new ArgumentException("--level is required (0 = dense), or measure every level with --sizes");
            if (r.GetValue(format) is not ("onnx" or "safetensors"))
                throw new ArgumentException(r.GetValue(format) is { } f ? $"--format '{f}' is not one of onnx, safetensors" : "--format is required: onnx or safetensors");
            var path = r.GetValue(output) ?? throw new ArgumentException("--out is required: the file to write");
            bool onnx = r.GetValue(format) == "onnx";
            if (onnx && r.GetValue(compact)) throw new ArgumentException("--compact applies to --format safetensors only");
            StructureLayout? asked = r.GetValue(structures) is { } word ? StructureLayouts.Parse(word) : null;
            if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir && !Directory.Exists(dir))
                throw new ArgumentException($"--out {path}: the folder {dir} does not exist");
            using var model = pick.Load(r);
            var layout = StructureLayouts.For(model, asked);
            if (onnx) Exporter.Onnx(model, path, layout);
            else Exporter.SafeTensors(model, path, r.GetValue(compact), layout);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{model.RunName} level {model.Level} {model.Method} ({100 * model.Result.Sparsity:F1}% pruned{(layout == StructureLayout.Compact ? ", pruned structures sliced away" : "")}) → {path} ({new FileInfo(path).Length:N0} bytes){(onnx ? $" and {OnnxSidecar.PathFor(path)}" : "")}"));
            return 0;
        });
        return command;
    }
}
