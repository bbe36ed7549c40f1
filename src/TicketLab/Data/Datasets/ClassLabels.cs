using System.Globalization;

namespace TicketLab.Data;

/// <summary>Maps label strings of any form to class ids in a stable order: numeric order when every label is an integer, else sorted ordinal.</summary>
/// <remarks>When every label is an integer, labels are compared as numbers: <c>1</c>, <c>01</c> and <c>+1</c> are one class, named
/// <c>1</c>. When any label is not an integer, labels are compared as (trimmed) text, so <c>01</c> and <c>1</c> stay two classes,
/// as they would be beside <c>pos</c>.</remarks>
public sealed class ClassLabels
{
    private readonly Dictionary<string, int> _ids;
    private readonly bool _numeric;

    private ClassLabels(IReadOnlyList<string> names, bool numeric)
    {
        Names = names;
        _numeric = numeric;
        _ids = names.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
    }

    /// <summary>Class names in id order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The classes among <paramref name="labels"/> (trimmed; duplicates, and integers equal as numbers, collapse).</summary>
    public static ClassLabels From(IEnumerable<string> labels)
    {
        var distinct = labels.Select(l => l.Trim()).Distinct(StringComparer.Ordinal).ToList();
        if (distinct.All(l => TryInteger(l, out _)))
        {
            var numbers = distinct.Select(l => { TryInteger(l, out var n); return n; }).Distinct().Order();
            return new ClassLabels([.. numbers.Select(n => n.ToString(CultureInfo.InvariantCulture))], numeric: true);
        }
        return new ClassLabels([.. distinct.OrderBy(l => l, StringComparer.Ordinal)], numeric: false);
    }

    /// <summary>The id of <paramref name="label"/> (trimmed; as a number when the classes are integers), or null when it is not one of the classes.</summary>
    public int? IdOf(string label)
    {
        var key = label.Trim();
        if (_numeric)
        {
            if (!TryInteger(key, out var n)) return null;
            key = n.ToString(CultureInfo.InvariantCulture);
        }
        return _ids.TryGetValue(key, out var id) ? id : null;
    }

    private static bool TryInteger(string s, out long value) =>
        long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
}
