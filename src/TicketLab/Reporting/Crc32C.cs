using System.Numerics;

namespace TicketLab.Reporting;

/// <summary>CRC-32C (Castagnoli), as TFRecord framing uses it, and TensorFlow's "masked" form of it.</summary>
public static class Crc32C
{
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint crc = ~0u;
        // BitOperations.Crc32C is the raw reflected update (hardware where available); the standard CRC inverts in and out.
        foreach (var b in data) crc = BitOperations.Crc32C(crc, b);
        return ~crc;
    }

    /// <summary>Rotated and offset so that a CRC stored inside CRC-covered data does not weaken the check.</summary>
    public static uint Masked(ReadOnlySpan<byte> data)
    {
        var crc = Compute(data);
        return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
    }
}
