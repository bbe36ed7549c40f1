using TicketLab.Models.Bert;
using static TorchSharp.torch;

namespace TicketLab.Export;

/// <summary>The compact sparse layout of a safetensors file: a pruned tensor W is stored as <c>W.values</c> (F32, its nonzero
/// entries in row-major order), <c>W.indices</c> (I32, their flat row-major positions) and <c>W.shape</c> (I64, its dimensions);
/// every other tensor is stored dense under its own name. Plain safetensors, so any reader can open it.</summary>
public static class CompactTensors
{
    public const string Format = "ticketlab-compact/1";
    public const string ValuesSuffix = ".values", IndicesSuffix = ".indices", ShapeSuffix = ".shape";

    /// <summary>The tensors to store for <paramref name="name"/>: its sparse triple when <paramref name="sparse"/> and that is
    /// smaller than the dense tensor (values and indices take 8 bytes per kept weight, dense 4 per weight), else itself.</summary>
    public static IEnumerable<(string Name, Tensor Tensor)> Encode(string name, Tensor weights, bool sparse)
    {
        using var flat = weights.detach().cpu().to(ScalarType.Float32).contiguous().flatten();
        long kept = flat.count_nonzero().item<long>();
        if (!sparse || kept * 8 + weights.dim() * 8 >= flat.numel() * 4 || flat.numel() > int.MaxValue)
        {
            yield return (name, weights.detach().cpu().to(ScalarType.Float32).contiguous());
            yield break;
        }
        using var positions = flat.nonzero().flatten();                                  // ascending: row-major order
        yield return (name + ValuesSuffix, flat.index_select(0, positions));
        yield return (name + IndicesSuffix, positions.to(ScalarType.Int32));
        yield return (name + ShapeSuffix, tensor(weights.shape));
    }

    /// <summary>Dense tensors by name from a compact (or plain) safetensors file, each sparse triple expanded back to its shape.</summary>
    /// <exception cref="BertImportException">The file is malformed, or a triple is incomplete or inconsistent (named).</exception>
    public static Dictionary<string, Tensor> Read(string path) => Read(path, out _);

    /// <summary>As <see cref="Read(string)"/>, with the file's metadata.</summary>
    public static Dictionary<string, Tensor> Read(string path, out IReadOnlyDictionary<string, string> metadata)
    {
        var stored = SafeTensors.Read(path, out metadata);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var (key, t) in stored)
            {
                if (key.EndsWith(IndicesSuffix, StringComparison.Ordinal) || key.EndsWith(ShapeSuffix, StringComparison.Ordinal)) continue;
                if (!key.EndsWith(ValuesSuffix, StringComparison.Ordinal)) { result[key] = t.alias(); continue; }
                var name = key[..^ValuesSuffix.Length];
                if (!stored.TryGetValue(name + IndicesSuffix, out var indices) || !stored.TryGetValue(name + ShapeSuffix, out var shape))
                    throw new BertImportException($"{path}: '{key}' has no '{name}{IndicesSuffix}' or '{name}{ShapeSuffix}' beside it");
                long[] dims = shape.data<long>().ToArray();
                long count = dims.Aggregate(1L, (a, b) => a * b);
                if (indices.numel() != t.numel() || (indices.numel() > 0 && (indices.min().item<int>() < 0 || indices.max().item<int>() >= count)))
                    throw new BertImportException($"{path}: '{name}' has {t.numel()} values and {indices.numel()} indices, which must match and lie in [0, {count})");
                var dense = zeros(count, dtype: ScalarType.Float32);
                dense.index_put_(t, indices.to(ScalarType.Int64));
                result[name] = dense.view(dims);
            }
            return result;
        }
        catch
        {
            foreach (var t in result.Values) t.Dispose();
            throw;
        }
        finally
        {
            foreach (var t in stored.Values) t.Dispose();
        }
    }
}
