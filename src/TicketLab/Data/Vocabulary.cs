namespace TicketLab.Data;
// PLACEHOLDER until the data branch merges.
public sealed class Vocabulary { public const int PadId = 0; public const int UnkId = 1; public int Count { get; init; } public IReadOnlyList<string> Tokens { get; init; } = []; }
public sealed record EncodedSplit(int[][] Ids, int[] Labels) { public int Count => Labels.Length; }
public sealed record EncodedDataset(string Name, Vocabulary Vocab, EncodedSplit Train, EncodedSplit Validation, EncodedSplit Test, IReadOnlyList<string> ClassNames);
public sealed class Batch : IDisposable
{
    public required TorchSharp.torch.Tensor Ids { get; init; }
    public required TorchSharp.torch.Tensor Labels { get; init; }
    public required TorchSharp.torch.Tensor Lengths { get; init; }
    public int Size => (int)Labels.shape[0];
    public void Dispose() { Ids.Dispose(); Labels.Dispose(); Lengths.Dispose(); }
}
public static class Batches
{
    public static IReadOnlyList<int[]> Plan(int count, int batchSize, bool shuffle, int seed, int epoch)
    {
        var idx = Enumerable.Range(0, count).ToArray();
        if (shuffle) new Random(HashCode.Combine(seed, epoch)).Shuffle(idx);
        return idx.Chunk(batchSize).ToList();
    }
    public static Batch Collate(EncodedSplit split, int[] indices, int minLength)
    {
        int t = Math.Max(minLength, indices.Max(i => split.Ids[i].Length));
        var buf = new long[indices.Length * t];
        for (int b = 0; b < indices.Length; b++) { var ids = split.Ids[indices[b]]; for (int j = 0; j < ids.Length; j++) buf[b * t + j] = ids[j]; }
        return new Batch { Ids = TorchSharp.torch.tensor(buf, new long[] { indices.Length, t }), Labels = TorchSharp.torch.tensor(indices.Select(i => (long)split.Labels[i]).ToArray()), Lengths = TorchSharp.torch.tensor(indices.Select(i => (long)split.Ids[i].Length).ToArray()) };
    }
}
