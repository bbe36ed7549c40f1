using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace TicketLab.Models.Bert;

/// <summary>Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON header
/// (name → dtype, shape, data_offsets; optional "__metadata__" of strings), then the raw little-endian data. F32, I32 and I64
/// as is; F16 and BF16 are widened to F32.</summary>
public static class SafeTensors
{
    /// <summary>Every tensor in the file as a CPU tensor (float32; int32 and int64 for I32 and I64); a malformed file is a <see cref="BertImportException"/> naming the tensor.</summary>
    public static Dictionary<string, Tensor> Read(string path) => Read(path, out _);

    /// <summary>As <see cref="Read(string)"/>, with the header's "__metadata__" strings (empty when it has none).</summary>
    public static Dictionary<string, Tensor> Read(string path, out IReadOnlyDictionary<string, string> metadata)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        var lengthBytes = new byte[8];
        file.ReadExactly(lengthBytes);
        long headerLength = BinaryPrimitives.ReadInt64LittleEndian(lengthBytes);
        if (headerLength <= 0 || headerLength > 100_000_000 || 8 + headerLength > file.Length)
            throw new BertImportException($"{path}: not a safetensors file (header length {headerLength})");
        var headerBytes = new byte[headerLength];
        file.ReadExactly(headerBytes);
        JsonObject header;
        try { header = JsonNode.Parse(headerBytes)!.AsObject(); }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException)
        {
            throw new BertImportException($"{path}: the safetensors header is not a JSON object: {e.Message}", e);
        }

        long dataStart = 8 + headerLength, dataLength = file.Length - dataStart;
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        metadata = meta;
        try
        {
            foreach (var (name, node) in header)
            {
                if (name == "__metadata__")
                {
                    foreach (var (key, value) in node?.AsObject() ?? []) meta[key] = value?.GetValue<string>() ?? "";
                    continue;
                }
                string dtype = node?["dtype"]?.GetValue<string>() ?? "";
                long[] shape = node?["shape"]?.AsArray().Select(d => d!.GetValue<long>()).ToArray() ?? [];
                long[] offsets = node?["data_offsets"]?.AsArray().Select(d => d!.GetValue<long>()).ToArray() ?? [];
                int width = dtype switch { "F32" or "I32" => 4, "I64" => 8, "F16" or "BF16" => 2, _ => 0 };
                if (width == 0)
                    throw new BertImportException($"{path}: tensor '{name}' has dtype '{dtype}'; supported: F32, F16, BF16, I32, I64");
                long count = shape.Aggregate(1L, (a, b) => a * b);
                if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] > dataLength || offsets[1] - offsets[0] != count * width)
                    throw new BertImportException($"{path}: tensor '{name}' ({dtype} [{string.Join(", ", shape)}]) has data_offsets [{string.Join(", ", offsets)}] that do not fit its size or the file");

                var bytes = new byte[offsets[1] - offsets[0]];
                file.Position = dataStart + offsets[0];
                file.ReadExactly(bytes);
                result[name] = dtype switch
                {
                    "I32" => tensor(MemoryMarshal.Cast<byte, int>(bytes).ToArray(), shape),
                    "I64" => tensor(MemoryMarshal.Cast<byte, long>(bytes).ToArray(), shape),
                    _ => tensor(ToFloats(bytes, dtype), shape),
                };
            }
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException)
        {
            foreach (var t in result.Values) t.Dispose();
            throw new BertImportException($"{path}: malformed safetensors header: {e.Message}", e);
        }
        return result;
    }

    private static float[] ToFloats(byte[] bytes, string dtype)
    {
        if (dtype == "F32") return MemoryMarshal.Cast<byte, float>(bytes).ToArray();
        var halves = MemoryMarshal.Cast<byte, ushort>(bytes);
        var floats = new float[halves.Length];
        if (dtype == "F16")
            for (int i = 0; i < floats.Length; i++) floats[i] = (float)BitConverter.UInt16BitsToHalf(halves[i]);
        else // BF16 is the upper half of an F32
            for (int i = 0; i < floats.Length; i++) floats[i] = BitConverter.Int32BitsToSingle(halves[i] << 16);
        return floats;
    }

    /// <summary>Writes tensors (in the given order) as a safetensors file, atomically: int32 and int64 tensors as I32 and I64,
    /// every other as F32; <paramref name="metadata"/> goes to the header's "__metadata__".</summary>
    public static void Write(string path, IEnumerable<(string Name, Tensor Tensor)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var list = tensors.Select(t => (t.Name, Data: t.Tensor.detach().to(t.Tensor.dtype is ScalarType.Int32 or ScalarType.Int64 ? t.Tensor.dtype : ScalarType.Float32).cpu().contiguous())).ToList();
        try
        {
            var header = new JsonObject();
            if (metadata is { Count: > 0 }) header["__metadata__"] = new JsonObject(metadata.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value)));
            long offset = 0;
            foreach (var (name, data) in list)
            {
                long size = data.numel() * (data.dtype == ScalarType.Int64 ? 8 : 4);
                header[name] = new JsonObject
                {
                    ["dtype"] = data.dtype switch { ScalarType.Int32 => "I32", ScalarType.Int64 => "I64", _ => "F32" },
                    ["shape"] = new JsonArray(data.shape.Select(d => (JsonNode)d).ToArray()),
                    ["data_offsets"] = new JsonArray(offset, offset + size),
                };
                offset += size;
            }
            var json = Encoding.UTF8.GetBytes(header.ToJsonString());
            int padded = (json.Length + 7) / 8 * 8;                                     // the format pads the header to 8 bytes with spaces
            AtomicFile.Write(path, file =>
            {
                var length = new byte[8];
                BinaryPrimitives.WriteInt64LittleEndian(length, padded);
                file.Write(length);
                file.Write(json);
                for (int i = json.Length; i < padded; i++) file.WriteByte((byte)' ');
                foreach (var (_, data) in list)
                    file.Write(data.dtype switch
                    {
                        ScalarType.Int32 => MemoryMarshal.AsBytes(data.data<int>().ToArray().AsSpan()),
                        ScalarType.Int64 => MemoryMarshal.AsBytes(data.data<long>().ToArray().AsSpan()),
                        _ => MemoryMarshal.AsBytes(data.data<float>().ToArray().AsSpan()),
                    });
            });
        }
        finally
        {
            foreach (var (_, data) in list) data.Dispose();
        }
    }
}
