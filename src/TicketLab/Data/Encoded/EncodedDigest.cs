using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace TicketLab.Data;

/// <summary>The SHA-256 of an encoded dataset as training sees it: vocabulary, class names and every split's ids and labels.</summary>
/// <remarks>Two datasets with the same digest train a network identically, whatever file or cache they came from.</remarks>
public static class EncodedDigest
{
    public static string Of(EncodedDataset data)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var number = new byte[4];
        void Int(int v) { BinaryPrimitives.WriteInt32LittleEndian(number, v); hash.AppendData(number); }
        void Str(string s) { Int(s.Length); hash.AppendData(MemoryMarshal.AsBytes(s.AsSpan())); }

        Str(data.Name);
        Int(data.Vocab.Count);
        foreach (var token in data.Vocab.Tokens) Str(token);
        Int(data.ClassNames.Count);
        foreach (var c in data.ClassNames) Str(c);
        foreach (var split in new[] { data.Train, data.Validation, data.Test })
        {
            Int(split.Count);
            hash.AppendData(MemoryMarshal.AsBytes(split.Labels.AsSpan()));
            foreach (var ids in split.Ids)
            {
                Int(ids.Length);
                hash.AppendData(MemoryMarshal.AsBytes(ids.AsSpan()));
            }
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
