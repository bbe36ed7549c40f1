using System.Buffers.Binary;
using System.Text;
using TicketLab.Reporting;

namespace TicketLab.Tests.Reporting;

/// <summary>Reads a tfevents file back, checking every record's CRCs: just enough protobuf for Event and Summary.Value.</summary>
internal static class TfEventsReader
{
    public sealed record Event(double WallTime, long Step, string? FileVersion, IReadOnlyList<(string Tag, float Value)> Values);

    public static IReadOnlyList<Event> Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var events = new List<Event>();
        int at = 0;
        while (at < bytes.Length)
        {
            var header = bytes.AsSpan(at, 8);
            var length = (int)BinaryPrimitives.ReadUInt64LittleEndian(header);
            if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 8, 4)) != Crc32C.Masked(header))
                throw new InvalidDataException($"bad length CRC at {at}");
            var data = bytes.AsSpan(at + 12, length);
            if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 12 + length, 4)) != Crc32C.Masked(data))
                throw new InvalidDataException($"bad data CRC at {at}");
            events.Add(ParseEvent(data.ToArray()));
            at += 12 + length + 4;
        }
        return events;
    }

    private static Event ParseEvent(byte[] data)
    {
        double wall = 0; long step = 0; string? version = null;
        var values = new List<(string, float)>();
        foreach (var (field, wire, payload, number) in Fields(data))
            switch (field)
            {
                case 1 when wire == 1: wall = BitConverter.Int64BitsToDouble((long)number); break;
                case 2 when wire == 0: step = (long)number; break;
                case 3 when wire == 2: version = Encoding.UTF8.GetString(payload); break;
                case 5 when wire == 2:
                    foreach (var (f, w, value, _) in Fields(payload))
                    {
                        if (f != 1 || w != 2) throw new InvalidDataException("unexpected Summary field");
                        string tag = ""; float simple = float.NaN;
                        foreach (var (vf, vw, vp, vn) in Fields(value))
                            if (vf == 1 && vw == 2) tag = Encoding.UTF8.GetString(vp);
                            else if (vf == 2 && vw == 5) simple = BitConverter.Int32BitsToSingle((int)vn);
                        values.Add((tag, simple));
                    }
                    break;
                default: throw new InvalidDataException($"unexpected Event field {field} (wire type {wire})");
            }
        return new Event(wall, step, version, values);
    }

    private static IEnumerable<(int Field, int Wire, byte[] Payload, ulong Number)> Fields(byte[] data)
    {
        int at = 0;
        while (at < data.Length)
        {
            var key = Varint(data, ref at);
            int field = (int)(key >> 3), wire = (int)(key & 7);
            switch (wire)
            {
                case 0: yield return (field, wire, [], Varint(data, ref at)); break;
                case 1: yield return (field, wire, [], BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(at, 8))); at += 8; break;
                case 5: yield return (field, wire, [], BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(at, 4))); at += 4; break;
                case 2:
                    var n = (int)Varint(data, ref at);
                    yield return (field, wire, data[at..(at + n)], 0);
                    at += n;
                    break;
                default: throw new InvalidDataException($"wire type {wire}");
            }
        }
    }

    private static ulong Varint(byte[] data, ref int at)
    {
        ulong v = 0;
        for (int shift = 0; ; shift += 7)
        {
            var b = data[at++];
            v |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return v;
        }
    }
}
