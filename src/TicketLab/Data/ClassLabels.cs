using System.Globalization;

namespace TicketLab.Data;

/// <summary>Maps label strings of any form to class ids in a stable order: numeric order when every label is an integer, else sorted ordinal.</summary>
public sealed class ClassLabels
{
    private readonly Dictionary<string, int> _ids;

    private ClassLabels(IReadOnlyList<string> names)
    {
        Names = names;
        _ids = names.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
    }

    /// <summary>Class names in id order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The classes among <paramref name="labels"/> (trimmed; duplicates collapse).</summary>
    public static ClassLabels From(IEnumerable<string> labels)
    {
        var distinct = labels.Select(l => l.Trim()).Distinct(StringComparer.Ordinal).ToList();
        bool allIntegers = distinct.All(l => long.TryParse(l, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _));
        var ordered = allIntegers
            ? distinct.OrderBy(l => long.Parse(l, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)).ThenBy(l => l, StringComparer.Ordinal)
            : distinct.OrderBy(l => l, StringComparer.Ordinal);
        return new ClassLabels([.. ordered]);
    }

    /// <summary>The id of <paramref name="label"/> (trimmed), or null when it is not one of the classes.</summary>
    public int? IdOf(string label) => _ids.TryGetValue(label.Trim(), out var id) ? id : null;
}
