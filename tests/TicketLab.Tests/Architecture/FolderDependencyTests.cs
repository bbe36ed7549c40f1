using System.Text.RegularExpressions;

namespace TicketLab.Tests.Architecture;

/// <summary>The library's top-level folders depend on each other along one direction only (docs/architecture.md).</summary>
public sealed partial class FolderDependencyTests
{
    /// <summary>The flow, upstream first; a folder may use only folders before it.</summary>
    private static readonly string[] Flow = ["Data", "Models", "Training", "Pruning", "Lottery", "Hparams", "Store", "Reporting", "Runs", "Inference"];

    [GeneratedRegex(@"\bTicketLab\.(\w+)")]
    private static partial Regex Reference();

    private static Dictionary<string, HashSet<string>> Uses()
    {
        var src = Path.Combine(RepositoryRoot.Path, "src", "TicketLab");
        var uses = new Dictionary<string, HashSet<string>>();
        foreach (var folder in Directory.GetDirectories(src).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj")))
        {
            var set = uses[folder!] = [];
            foreach (var file in Directory.GetFiles(Path.Combine(src, folder!), "*.cs", SearchOption.AllDirectories))
                foreach (Match m in Reference().Matches(File.ReadAllText(file)))
                    if (m.Groups[1].Value != folder && Directory.Exists(Path.Combine(src, m.Groups[1].Value))) set.Add(m.Groups[1].Value);
        }
        return uses;
    }

    [Fact]
    public void EveryFolderIsPlacedInTheFlow()
    {
        Assert.Equal(Flow.Order(), Uses().Keys.Order());
    }

    [Fact]
    public void NoFolderUsesAFolderDownstreamOfIt()
    {
        var backwards = Uses().SelectMany(u => u.Value.Where(v => Array.IndexOf(Flow, v) > Array.IndexOf(Flow, u.Key)).Select(v => $"{u.Key} → {v}")).ToList();
        Assert.True(backwards.Count == 0, "upstream folders reach downstream: " + string.Join(", ", backwards));
    }

    [Fact]
    public void TheCheckFindsABackwardReference()
    {
        // the regex and folder walk must see real references, or the test above could pass on nothing
        var uses = Uses();
        Assert.Contains("Store", uses["Reporting"]);
        Assert.Contains("Data", uses["Models"]);
    }
}
