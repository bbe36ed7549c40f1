using System.Globalization;
using TicketLab.Tests.Architecture;

namespace TicketLab.Tests.Reporting;

/// <summary>The committed results under docs/results/: a page's text and its raw CSVs as rows of named cells.</summary>
internal static class PublishedData
{
    public static string Page(string name) => File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "results", name));

    /// <summary>A CSV under docs/results/data/ (the report's own, unquoted), one dictionary per row.</summary>
    public static List<Dictionary<string, string>> Csv(string file)
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, "docs", "results", "data", file));
        var header = lines[0].Split(',');
        return [.. lines[1..].Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second))];
    }

    public static double Number(string s) => double.Parse(s, CultureInfo.InvariantCulture);
}
