namespace TicketLab.Data;

/// <summary>Seeded, deterministic, class-stratified splitting and subsampling; outputs keep the input order.</summary>
public static class StratifiedSplit
{
    /// <summary>Holds out round(fraction × n_c) items of every class c; returns (kept, heldOut), each in input order.</summary>
    public static (IReadOnlyList<T> Kept, IReadOnlyList<T> HeldOut) Split<T>(
        IReadOnlyList<T> items, Func<T, int> label, double heldOutFraction, int seed)
    {
        if (heldOutFraction is < 0 or > 1 || double.IsNaN(heldOutFraction))
            throw new ArgumentOutOfRangeException(nameof(heldOutFraction), heldOutFraction, "must be in [0, 1]");
        var heldOut = new bool[items.Count];
        foreach (var (cls, indices) in ByClass(items, label))
        {
            int take = (int)Math.Round(heldOutFraction * indices.Length, MidpointRounding.AwayFromZero);
            MarkRandom(indices, take, heldOut, seed, stream: cls);
        }
        return (Select(items, heldOut, false), Select(items, heldOut, true));
    }

    /// <summary>At most <paramref name="max"/> items, each class keeping its share (largest remainder); input order kept. Null or ≥ count: all items.</summary>
    public static IReadOnlyList<T> Subsample<T>(IReadOnlyList<T> items, Func<T, int> label, int? max, int seed)
    {
        if (max is null || max.Value >= items.Count) return items;
        ArgumentOutOfRangeException.ThrowIfNegative(max.Value, nameof(max));
        var classes = ByClass(items, label);
        var quota = Quotas(classes.Select(c => c.Indices.Length).ToArray(), max.Value);
        var keep = new bool[items.Count];
        for (int k = 0; k < classes.Count; k++)
            // A stream apart from Split's so a subset is not just the first items of the held-out shuffle.
            MarkRandom(classes[k].Indices, quota[k], keep, seed, stream: 0x5AB5_0000L + classes[k].Class);
        return Select(items, keep, true);
    }

    /// <summary>The usual recipe for a dataset with an official train/test split: validation held out of train
    /// (<see cref="DataHparams.ValidationFraction"/>, stratified, seeded by <see cref="DataHparams.SplitSeed"/>),
    /// then the Max*Examples subsets for smoke runs.</summary>
    public static DatasetSplits FromTrainTest(string name, IReadOnlyList<TextExample> officialTrain,
        IReadOnlyList<TextExample> test, IReadOnlyList<string> classNames, DataHparams h)
    {
        if (!(h.ValidationFraction is >= 0 and < 1))
            throw new DataException($"ValidationFraction must be in [0, 1), got {h.ValidationFraction}; fix the hparams or study file.");
        if (h.MaxTrainExamples is < 1 || h.MaxEvalExamples is < 1)
            throw new DataException($"MaxTrainExamples and MaxEvalExamples must be at least 1 when set (got {h.MaxTrainExamples}, {h.MaxEvalExamples}); fix the hparams or study file.");
        var (train, validation) = Split(officialTrain, e => e.Label, h.ValidationFraction, h.SplitSeed);
        return new DatasetSplits(
            name,
            Subsample(train, e => e.Label, h.MaxTrainExamples, h.SplitSeed),
            Subsample(validation, e => e.Label, h.MaxEvalExamples, h.SplitSeed),
            Subsample(test, e => e.Label, h.MaxEvalExamples, h.SplitSeed),
            classNames);
    }

    private static List<(int Class, int[] Indices)> ByClass<T>(IReadOnlyList<T> items, Func<T, int> label)
    {
        var groups = new SortedDictionary<int, List<int>>();
        for (int i = 0; i < items.Count; i++)
        {
            int c = label(items[i]);
            if (!groups.TryGetValue(c, out var list)) groups[c] = list = new List<int>();
            list.Add(i);
        }
        return groups.Select(g => (g.Key, g.Value.ToArray())).ToList();
    }

    private static void MarkRandom(int[] indices, int take, bool[] marks, int seed, long stream)
    {
        var order = SeededShuffle.Permutation(indices.Length, seed, stream);
        for (int i = 0; i < take; i++) marks[indices[order[i]]] = true;
    }

    // Largest-remainder apportionment; ties go to the smaller class index, so the result is deterministic.
    private static int[] Quotas(int[] sizes, int total)
    {
        long all = sizes.Sum(s => (long)s);
        var quota = new int[sizes.Length];
        var remainder = new (double Fraction, int Index)[sizes.Length];
        int given = 0;
        for (int k = 0; k < sizes.Length; k++)
        {
            double exact = (double)total * sizes[k] / all;
            quota[k] = (int)Math.Floor(exact);
            given += quota[k];
            remainder[k] = (exact - quota[k], k);
        }
        foreach (var (_, k) in remainder.OrderByDescending(r => r.Fraction).ThenBy(r => r.Index))
        {
            if (given == total) break;
            if (quota[k] < sizes[k]) { quota[k]++; given++; }
        }
        return quota;
    }

    private static List<T> Select<T>(IReadOnlyList<T> items, bool[] marks, bool wanted)
    {
        var result = new List<T>();
        for (int i = 0; i < items.Count; i++)
            if (marks[i] == wanted) result.Add(items[i]);
        return result;
    }
}
