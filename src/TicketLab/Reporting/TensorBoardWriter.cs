using System.Buffers.Binary;
using System.Text;

namespace TicketLab.Reporting;

/// <summary>Writes TensorBoard scalar events (a tfevents file of TFRecord-framed Event protobufs) without TensorFlow.</summary>
/// <remarks>
/// Record: uint64 length, masked CRC-32C of the length, the bytes, masked CRC-32C of the bytes (all little-endian).
/// Event: wall_time (1, double), step (2, int64), file_version (3, string) or summary (5) { value (1) { tag (1), simple_value (2, float) } }.
/// </remarks>
public sealed class TensorBoardWriter : IDisposable
{
    private readonly FileStream file;

    /// <summary>Starts a new events file in <paramref name="logDir"/> (TensorBoard reads every such file there).</summary>
    public TensorBoardWriter(string logDir)
    {
        Directory.CreateDirectory(logDir);
        var now = DateTimeOffset.UtcNow;
        // pid keeps two processes starting in the same second apart; the suffix, one process resuming a run within that second
        var name = System.IO.Path.Combine(logDir, $"events.out.tfevents.{now.ToUnixTimeSeconds()}.{Environment.MachineName}.{Environment.ProcessId}");
        Path = name;
        for (int n = 1; File.Exists(Path); n++) Path = $"{name}.{n}";
        file = new FileStream(Path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        WriteRecord(Event(now, 0, fileVersion: "brain.Event:2", null));
    }

    public string Path { get; }

    /// <summary>Appends one scalar; TensorBoard plots <paramref name="value"/> against <paramref name="step"/> under <paramref name="tag"/>.</summary>
    public void Scalar(string tag, double value, long step, DateTimeOffset? time = null) =>
        WriteRecord(Event(time ?? DateTimeOffset.UtcNow, step, null, (tag, (float)value)));

    /// <summary>Pushes written events to disk so a live TensorBoard sees them.</summary>
    public void Flush() => file.Flush(flushToDisk: false);

    public void Dispose() => file.Dispose();

    private void WriteRecord(byte[] data)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], Crc32C.Masked(header[..8]));
        Span<byte> footer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(footer, Crc32C.Masked(data));
        file.Write(header);
        file.Write(data);
        file.Write(footer);
    }

    private static byte[] Event(DateTimeOffset time, long step, string? fileVersion, (string Tag, float Value)? scalar)
    {
        var e = new ProtoWriter();
        e.Double(1, time.ToUnixTimeMilliseconds() / 1000.0);
        e.Varint(2, (ulong)step);
        if (fileVersion is not null) e.Bytes(3, Encoding.UTF8.GetBytes(fileVersion));
        if (scalar is { } s)
        {
            var value = new ProtoWriter();
            value.Bytes(1, Encoding.UTF8.GetBytes(s.Tag));
            value.Float(2, s.Value);
            var summary = new ProtoWriter();
            summary.Bytes(1, value.ToArray());
            e.Bytes(5, summary.ToArray());
        }
        return e.ToArray();
    }

    /// <summary>The four protobuf wire forms an Event needs.</summary>
    private sealed class ProtoWriter
    {
        private readonly MemoryStream buffer = new();

        public void Varint(int field, ulong v) { Key(field, 0); Raw(v); }

        public void Double(int field, double v)
        {
            Key(field, 1);
            Span<byte> b = stackalloc byte[8];
            BinaryPrimitives.WriteDoubleLittleEndian(b, v);
            buffer.Write(b);
        }

        public void Bytes(int field, byte[] v) { Key(field, 2); Raw((ulong)v.Length); buffer.Write(v); }

        public void Float(int field, float v)
        {
            Key(field, 5);
            Span<byte> b = stackalloc byte[4];
            BinaryPrimitives.WriteSingleLittleEndian(b, v);
            buffer.Write(b);
        }

        public byte[] ToArray() => buffer.ToArray();

        private void Key(int field, int wireType) => Raw((ulong)((field << 3) | wireType));

        private void Raw(ulong v)
        {
            while (v >= 0x80) { buffer.WriteByte((byte)(v | 0x80)); v >>= 7; }
            buffer.WriteByte((byte)v);
        }
    }
}
