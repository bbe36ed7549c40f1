using static TorchSharp.torch;

namespace TicketLab.Pruning;

/// <summary>Prunes whole structures (filters, hidden units, heads, feed-forward neurons) by the L1 or L2 norm of what each owns:
/// each group loses the same share of its remaining structures, the smallest first (ties: lower index first).</summary>
/// <remarks>Only slices of tensors in the mask are scored and zeroed; a structured run's mask holds the biases as well, so a pruned
/// structure outputs exactly 0. Every group keeps at least one structure, so no layer is emptied.</remarks>
public sealed class StructuredPruning(StructureMap map, StructureNorm norm) : IPruningStrategy
{
    public StructureMap Map => map;

    public Mask Prune(Mask current, IReadOnlyDictionary<string, Tensor> weights, double rate)
    {
        PruningRate.Check(rate);
        // every group is scored on the mask as it came in, so a layer's choice does not depend on the order of the groups
        var before = KeepArrays(current);
        var keep = KeepArrays(current);
        var values = map.Tensors.Where(before.ContainsKey).ToDictionary(n => n, n => weights[n].detach().contiguous().data<float>().ToArray());
        foreach (var group in map.Groups)
        {
            var slices = InMask(group, before);
            if (slices.Count == 0) continue;
            var alive = Alive(group, slices, before);
            long count = Math.Min(PruningRate.Count(alive.Count, rate), alive.Count - 1);
            var order = alive.Select(j => (Score: Score(j, slices, values, before), Index: j)).Order().Take((int)Math.Max(count, 0));
            foreach (var (_, j) in order) Zero(j, slices, keep);
        }
        return ToMask(current, keep);
    }

    /// <summary>The random baseline: per group, as many structures pruned as in <paramref name="reference"/>, drawn uniformly (not nested).</summary>
    /// <remarks>Draws come from <see cref="SplitMix64"/> seeded with <paramref name="seed"/>, as <see cref="RandomPruning"/>'s.</remarks>
    public Mask RandomMatch(Mask reference, long seed)
    {
        var random = new SplitMix64((ulong)seed);
        var reached = KeepArrays(reference);
        var keep = reference.Tensors.ToDictionary(t => t.Name, t => (Values: Enumerable.Repeat(1f, (int)t.Keep.numel()).ToArray(), Shape: t.Keep.shape));
        foreach (var group in map.Groups)
        {
            var slices = InMask(group, keep);
            if (slices.Count == 0) continue;
            int pruned = group.Count - Alive(group, slices, reached).Count;
            var order = Enumerable.Range(0, group.Count).ToArray();
            for (int i = 0; i < pruned; i++)
            {
                int j = i + (int)random.NextBelow((ulong)(group.Count - i));
                (order[i], order[j]) = (order[j], order[i]);
                Zero(order[i], slices, keep);
            }
        }
        return ToMask(reference, keep);
    }

    /// <summary>The structures of <paramref name="group"/> that <paramref name="mask"/> still keeps, in index order.</summary>
    public static IReadOnlyList<int> Kept(StructureGroup group, Mask mask) => Kept(group, KeepArrays(mask));

    /// <summary>The structures of every group of <paramref name="map"/> that <paramref name="mask"/> keeps, the mask read once.</summary>
    public static IReadOnlyList<IReadOnlyList<int>> Kept(StructureMap map, Mask mask)
    {
        var keep = KeepArrays(mask);
        return map.Groups.Select(g => Kept(g, keep)).ToList();
    }

    private static IReadOnlyList<int> Kept(StructureGroup group, Dictionary<string, (float[] Values, long[] Shape)> keep)
    {
        var slices = InMask(group, keep);
        return slices.Count == 0 ? Enumerable.Range(0, group.Count).ToList() : Alive(group, slices, keep);
    }

    private static Dictionary<string, (float[] Values, long[] Shape)> KeepArrays(Mask mask) =>
        mask.Tensors.ToDictionary(t => t.Name, t => (t.Keep.contiguous().data<float>().ToArray(), t.Keep.shape));

    private static List<StructureSlice> InMask(StructureGroup group, Dictionary<string, (float[] Values, long[] Shape)> keep) =>
        group.Slices.Where(s => keep.ContainsKey(s.Tensor)).ToList();

    // a structure is pruned when nothing it owns is kept
    private static List<int> Alive(StructureGroup group, List<StructureSlice> slices, Dictionary<string, (float[] Values, long[] Shape)> keep) =>
        Enumerable.Range(0, group.Count).Where(j => slices.Any(s => s.Positions(keep[s.Tensor].Shape, j).Any(p => keep[s.Tensor].Values[p] != 0))).ToList();

    private double Score(int j, List<StructureSlice> slices, Dictionary<string, float[]> values, Dictionary<string, (float[] Values, long[] Shape)> keep)
    {
        double sum = 0;
        foreach (var s in slices)
        {
            var (k, shape) = keep[s.Tensor];
            var w = values[s.Tensor];
            foreach (long p in s.Positions(shape, j))
                sum += norm == StructureNorm.L1 ? Math.Abs(w[p] * k[p]) : (double)w[p] * w[p] * k[p];
        }
        return norm == StructureNorm.L1 ? sum : Math.Sqrt(sum);
    }

    private static void Zero(int j, List<StructureSlice> slices, Dictionary<string, (float[] Values, long[] Shape)> keep)
    {
        foreach (var s in slices)
            foreach (long p in s.Positions(keep[s.Tensor].Shape, j)) keep[s.Tensor].Values[p] = 0;
    }

    private static Mask ToMask(Mask like, Dictionary<string, (float[] Values, long[] Shape)> keep) =>
        new(like.Tensors.Select(t => (t.Name, tensor(keep[t.Name].Values, t.Keep.shape))));
}
