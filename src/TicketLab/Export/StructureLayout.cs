using TicketLab.Inference;

namespace TicketLab.Export;

/// <summary>How an export writes the filters, hidden units, attention heads and feed-forward neurons a structured run pruned.</summary>
public enum StructureLayout
{
    /// <summary>Sliced out of every tensor (<see cref="TrainedModel.Compact"/>): a smaller model that computes the same; the default
    /// for a structured run.</summary>
    Compact,

    /// <summary>Kept in place as zeros: the run's full shapes; the only layout of a run that prunes single weights.</summary>
    Masked,
}

/// <summary>The words of <see cref="StructureLayout"/> as options spell them, and the default per run.</summary>
public static class StructureLayouts
{
    public const string Option = "--structures";

    public static readonly string[] Words = ["compact", "masked"];

    /// <summary>The layout a word names (case-insensitive).</summary>
    /// <exception cref="UserException">A word that names no layout.</exception>
    public static StructureLayout Parse(string word) =>
        Array.FindIndex(Words, w => w.Equals(word.Trim(), StringComparison.OrdinalIgnoreCase)) is var i and >= 0
            ? (StructureLayout)i
            : throw new UserException($"{Option} '{word}' is not one of {string.Join(", ", Words)}");

    /// <summary>The word of <paramref name="layout"/>.</summary>
    public static string Word(StructureLayout layout) => Words[(int)layout];

    /// <summary>The layout an export of <paramref name="model"/> uses: <paramref name="asked"/>, else compact for a structured run and
    /// masked for any other.</summary>
    /// <exception cref="UserException">Compact asked of a run that is not structured.</exception>
    public static StructureLayout For(TrainedModel model, StructureLayout? asked = null)
    {
        var layout = asked ?? (model.IsStructured ? StructureLayout.Compact : StructureLayout.Masked);
        if (layout == StructureLayout.Compact) model.EnsureStructured($"{Option} compact");
        return layout;
    }
}
