using System.Security.Cryptography;
using static TorchSharp.torch;

namespace TicketLab.Training;

/// <summary>Reads and writes named float tensors with a SHA-256 trailer, atomically, so a torn or altered file is never used.</summary>
public static class NamedTensorFile
{
    private const string Magic = "TLTENSOR1";

    /// <summary>Writes the tensors to a temp file beside <paramref name="path"/> and renames it into place.</summary>
    public static void Save(string path, IEnumerable<(string Name, Tensor Tensor)> tensors)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var tmp = path + $".{Environment.ProcessId}.tmp";
        using (var file = new FileStream(tmp, FileMode.Create, FileAccess.Write))
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using (var body = new MemoryStream())
            using (var w = new BinaryWriter(body))
            {
                var list = tensors.ToList();
                w.Write(Magic);
                w.Write(list.Count);
                foreach (var (name, tensor) in list)
                {
                    using var cpu = tensor.detach().to(ScalarType.Float32).contiguous();
                    w.Write(name);
                    w.Write(cpu.dim());
                    foreach (var d in cpu.shape) w.Write(d);
                    var data = cpu.data<float>().ToArray();
                    w.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()));
                }
                w.Flush();
                var bytes = body.ToArray();
                sha.AppendData(bytes);
                file.Write(bytes);
            }
            file.Write(sha.GetHashAndReset());
            file.Flush(flushToDisk: true);
        }
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Reads a file written by <see cref="Save"/>; throws <see cref="InvalidDataException"/> when it is truncated or its checksum fails.</summary>
    public static List<(string Name, Tensor Tensor)> Load(string path)
    {
        var all = File.ReadAllBytes(path);
        if (all.Length < 32) throw new InvalidDataException($"{path}: truncated (only {all.Length} bytes)");
        var body = all.AsSpan(0, all.Length - 32);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(all.AsSpan(all.Length - 32)))
            throw new InvalidDataException($"{path}: checksum mismatch (truncated or corrupt)");
        using var r = new BinaryReader(new MemoryStream(all, 0, all.Length - 32));
        if (r.ReadString() != Magic) throw new InvalidDataException($"{path}: not a TicketLab tensor file");
        int count = r.ReadInt32();
        var result = new List<(string, Tensor)>(count);
        for (int i = 0; i < count; i++)
        {
            var name = r.ReadString();
            var shape = new long[r.ReadInt64()];
            for (int d = 0; d < shape.Length; d++) shape[d] = r.ReadInt64();
            long n = shape.Aggregate(1L, (a, b) => a * b);
            var data = new float[n];
            r.Read(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()));
            result.Add((name, tensor(data, shape)));
        }
        return result;
    }

    /// <summary>True when the file exists and verifies.</summary>
    public static bool IsValid(string path)
    {
        if (!File.Exists(path)) return false;
        try { foreach (var (_, t) in Load(path)) t.Dispose(); return true; }
        catch (InvalidDataException) { return false; }
        catch (EndOfStreamException) { return false; }
    }
}
