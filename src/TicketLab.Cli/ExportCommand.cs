using System.CommandLine;
using System.Globalization;
using TicketLab.Export;

namespace TicketLab.Cli;

/// <summary>`ticketlab export`: write a run's network as ONNX (with a sidecar JSON) or safetensors (dense, or compact sparse).</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var pick = new RunLevelOptions(levelRequired: true);
        var format = new Option<string>("--format") { Description = "onnx, or safetensors (the masked weights)", Required = true };
        format.AcceptOnlyFromAmong("onnx", "safetensors");
        var compact = new Option<bool>("--compact") { Description = "safetensors: store pruned tensors as values + indices + shape" };
        var output = new Option<string>("--out") { Description = "the file to write (ONNX: its sidecar JSON goes to FILE.json)", Required = true };
        var command = new Command("export", "Export a run's network at a level: ONNX for ONNX Runtime (cnn, lstm, bert), or safetensors of the masked weights.");
        pick.AddTo(command);
        foreach (var o in new Option[] { format, compact, output }) command.Options.Add(o);
        command.SetAction(r =>
        {
            var path = r.GetValue(output)!;
            bool onnx = r.GetValue(format) == "onnx";
            if (onnx && r.GetValue(compact)) throw new ArgumentException("--compact applies to --format safetensors only");
            if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir && !Directory.Exists(dir))
                throw new ArgumentException($"--out {path}: the folder {dir} does not exist");
            using var model = pick.Load(r);
            if (onnx) Exporter.Onnx(model, path);
            else Exporter.SafeTensors(model, path, r.GetValue(compact));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{model.RunName} level {model.Level} {model.Method} ({100 * model.Result.Sparsity:F1}% pruned) → {path} ({new FileInfo(path).Length:N0} bytes){(onnx ? $" and {OnnxSidecar.PathFor(path)}" : "")}"));
            return 0;
        });
        return command;
    }
}
