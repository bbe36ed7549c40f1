namespace TicketLab.Data;

/// <summary>One split's size and its examples per class, in class order.</summary>
public sealed record SplitInfo(string Name, int Count, IReadOnlyList<int> PerClass)
{
    public static SplitInfo Of(string name, IReadOnlyList<TextExample> examples, int classes)
    {
        var counts = new int[classes];
        foreach (var e in examples) counts[e.Label]++;
        return new SplitInfo(name, examples.Count, counts);
    }
}
