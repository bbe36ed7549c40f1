namespace TicketLab.Hparams;

/// <summary>The seeds of replicate runs: a count (3 = seeds 1, 2, 3) or a list of distinct integers, at most <see cref="Max"/>.</summary>
public static class SeedList
{
    /// <summary>More replicates than any study needs; a typo such as 100000000 would otherwise exhaust memory.</summary>
    public const int Max = 1000;

    /// <summary>Seeds 1..<paramref name="count"/>.</summary>
    /// <exception cref="SettingsException">A count outside 1..<see cref="Max"/>, naming <paramref name="key"/>.</exception>
    public static IReadOnlyList<int> Count(int count, string key) =>
        count is >= 1 and <= Max ? Enumerable.Range(1, count).ToList()
        : throw new SettingsException($"{key} count must be between 1 and {Max} (got {count})");

    /// <summary>The given seeds, checked to be non-empty, distinct and at most <see cref="Max"/>.</summary>
    public static IReadOnlyList<int> List(IReadOnlyList<int> seeds, string key)
    {
        if (seeds.Count == 0) throw new SettingsException($"{key} is empty; give at least one seed, e.g. [1]");
        if (seeds.Count > Max) throw new SettingsException($"{key} lists {seeds.Count} seeds; at most {Max}");
        if (seeds.Distinct().Count() != seeds.Count) throw new SettingsException($"{key} repeats a seed ({string.Join(", ", seeds)})");
        return seeds;
    }

    /// <summary>The command line's form: "3" is a count, "1,7,42" a list.</summary>
    public static IReadOnlyList<int> Parse(string text, string key = "--seeds")
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var numbers = new List<int>();
        foreach (var p in parts)
            numbers.Add(int.TryParse(p, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n
                : throw new SettingsException($"{key} '{text}' is neither a count nor a list of integers such as 1,2,3"));
        return numbers.Count == 1 ? Count(numbers[0], key) : List(numbers, key);
    }
}
