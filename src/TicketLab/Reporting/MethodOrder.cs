using TicketLab.Lottery;

namespace TicketLab.Reporting;

/// <summary>The order methods appear in tables and legends: the registry's (<see cref="LotteryMethods.All"/>), then anything else by name.</summary>
public static class MethodOrder
{
    public static IReadOnlyList<string> Sort(IEnumerable<string> methods) =>
        methods.Distinct().OrderBy(Rank).ThenBy(m => m, StringComparer.Ordinal).ToList();

    /// <summary>Position among the known methods; unknown ones come after them all.</summary>
    public static int Rank(string method) => LotteryMethods.Rank(method);
}
