namespace TicketLab.Pruning;

/// <summary>Where one tensor holds the structures of a group: along <see cref="Dim"/>, structure j owns indices o + j·Width + k for
/// each offset o and k &lt; Width (e.g. an LSTM unit's four gate rows are offsets 0, H, 2H, 3H of width 1).</summary>
public sealed record StructureSlice(string Tensor, int Dim, IReadOnlyList<long> Offsets, long Width = 1)
{
    /// <summary>The indices along <see cref="Dim"/> that structure <paramref name="j"/> owns.</summary>
    public IEnumerable<long> Indices(long j) =>
        Offsets.SelectMany(o => Enumerable.Range(0, (int)Width).Select(k => o + j * Width + k));

    /// <summary>The indices along <see cref="Dim"/> of the <paramref name="kept"/> structures, block by block (all kept rows of the first
    /// gate, then of the second …), which is the layout of the same tensor in a model with only those structures.</summary>
    public IEnumerable<long> Select(IReadOnlyList<int> kept) =>
        Offsets.SelectMany(o => kept.SelectMany(j => Enumerable.Range(0, (int)Width).Select(k => o + j * Width + k)));

    /// <summary>The flat positions in a contiguous tensor of <paramref name="shape"/> that structure <paramref name="j"/> owns.</summary>
    public IEnumerable<long> Positions(long[] shape, long j)
    {
        long outer = shape[..Dim].Aggregate(1L, (a, b) => a * b), inner = shape[(Dim + 1)..].Aggregate(1L, (a, b) => a * b);
        foreach (long index in Indices(j))
            for (long o = 0; o < outer; o++)
                for (long i = 0; i < inner; i++)
                    yield return (o * shape[Dim] + index) * inner + i;
    }
}
