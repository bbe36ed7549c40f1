namespace TicketLab.Reporting;

/// <summary>The order methods appear in tables and legends: ticket first, then the baselines, then anything newer by name.</summary>
public static class MethodOrder
{
    private static readonly string[] Known = ["dense", "ticket", "random-prune", "random-reinit", "fine-tune"];

    public static IReadOnlyList<string> Sort(IEnumerable<string> methods) =>
        methods.Distinct().OrderBy(Rank).ThenBy(m => m, StringComparer.Ordinal).ToList();

    /// <summary>Position among the known methods; unknown ones come after them all.</summary>
    public static int Rank(string method) => Array.IndexOf(Known, method) is var i && i >= 0 ? i : Known.Length;
}
