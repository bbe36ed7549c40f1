using System.Security.Cryptography;
using TorchSharp;
using static TorchSharp.torch;

namespace TicketLab.Training;

/// <summary>Reads and writes named float tensors with a SHA-256 trailer, atomically, so a torn or altered file is never used.</summary>
public static class NamedTensorFile
{
    private const string Magic = "TLTENSOR1";

    /// <summary>Writes the tensors atomically (see <see cref="AtomicFile"/>); returns the SHA-256 of the whole file, for a manifest to record.</summary>
    public static string Save(string path, IEnumerable<(string Name, Tensor Tensor)> tensors)
    {
        byte[] file;
        using (var body = new MemoryStream())
        using (var w = new BinaryWriter(body))
        {
            var list = tensors.ToList();
            w.Write(Magic);
            w.Write(list.Count);
            foreach (var (name, tensor) in list)
            {
                using var cpu = (tensor.device_type == DeviceType.CPU ? tensor.detach() : tensor.detach().cpu()).to(ScalarType.Float32).contiguous();
                w.Write(name);
                w.Write(cpu.dim());
                foreach (var d in cpu.shape) w.Write(d);
                var data = cpu.data<float>().ToArray();
                w.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()));
            }
            w.Write(SHA256.HashData(body.GetBuffer().AsSpan(0, (int)body.Length)));
            w.Flush();
            file = body.ToArray();
        }
        AtomicFile.WriteAllBytes(path, file);
        return Sha256(file);
    }

    /// <summary>Reads a file written by <see cref="Save"/>; throws <see cref="InvalidDataException"/> when it is truncated or its checksum fails.</summary>
    public static List<(string Name, Tensor Tensor)> Load(string path)
    {
        var all = File.ReadAllBytes(path);
        if (all.Length < 32) throw new InvalidDataException($"{path}: truncated (only {all.Length} bytes)");
        if (!SHA256.HashData(all.AsSpan(0, all.Length - 32)).AsSpan().SequenceEqual(all.AsSpan(all.Length - 32)))
            throw new InvalidDataException($"{path}: checksum mismatch (truncated or corrupt)");
        return Parse(path, all);
    }

    /// <summary>Reads a file whose whole-file SHA-256 a manifest recorded: one read, one hash; a different file (even a valid one) throws <see cref="InvalidDataException"/>.</summary>
    public static List<(string Name, Tensor Tensor)> Load(string path, string expectedSha256)
    {
        var all = File.ReadAllBytes(path);
        var actual = Sha256(all);
        if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"{path}: SHA-256 {actual} is not the recorded {expectedSha256} (changed or replaced)");
        return Parse(path, all); // the recorded hash was taken of a file whose trailer verified
    }

    /// <summary>True when the file exists and verifies.</summary>
    public static bool IsValid(string path)
    {
        if (!File.Exists(path)) return false;
        try { foreach (var (_, t) in Load(path)) t.Dispose(); return true; }
        catch (InvalidDataException) { return false; }
    }

    /// <summary>The whole file's SHA-256 for a manifest to record, when its trailer verifies; null when it is missing, truncated or corrupt.</summary>
    public static string? VerifiedSha256(string path)
    {
        if (!File.Exists(path)) return null;
        var all = File.ReadAllBytes(path);
        if (all.Length < 32 || !SHA256.HashData(all.AsSpan(0, all.Length - 32)).AsSpan().SequenceEqual(all.AsSpan(all.Length - 32))) return null;
        return Sha256(all);
    }

    /// <summary>Lowercase hex SHA-256, as manifests record it.</summary>
    public static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static List<(string Name, Tensor Tensor)> Parse(string path, byte[] all)
    {
        var result = new List<(string, Tensor)>();
        try
        {
            using var r = new BinaryReader(new MemoryStream(all, 0, all.Length - 32));
            if (r.ReadString() != Magic) throw new InvalidDataException($"{path}: not a TicketLab tensor file");
            int count = r.ReadInt32();
            for (int i = 0; i < count; i++)
            {
                var name = r.ReadString();
                var shape = new long[r.ReadInt64()];
                for (int d = 0; d < shape.Length; d++) shape[d] = r.ReadInt64();
                long n = shape.Aggregate(1L, (a, b) => a * b);
                var data = new float[n];
                if (r.Read(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan())) != n * sizeof(float))
                    throw new EndOfStreamException();
                result.Add((name, tensor(data, shape)));
            }
            return result;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentException or OverflowException)
        {
            foreach (var (_, t) in result) t.Dispose();
            throw new InvalidDataException($"{path}: malformed tensor file ({e.Message})", e);
        }
    }
}
