namespace TicketLab.Inference;

/// <summary>Which forward pass classifies texts: chosen by the run's pruning and the sparsity of the network (auto), or forced.</summary>
public enum InferencePath
{
    /// <summary>A structured run's compact network where it removed structures; else the sparse path where <see cref="SparsePolicy"/>
    /// puts at least one product on the CSR kernel, else the dense one.</summary>
    Auto,

    /// <summary>The model's own dense forward pass.</summary>
    Dense,

    /// <summary>The sparse path with every projection on the CSR kernel (LSTM and BERT runs only).</summary>
    Sparse,

    /// <summary>The structured run's network with its pruned structures sliced away (<see cref="CompactForwardPass"/>).</summary>
    Compact,
}

/// <summary>The words of <see cref="InferencePath"/> as options spell them.</summary>
public static class InferencePaths
{
    public static readonly string[] Words = ["auto", "dense", "sparse", "compact"];

    /// <summary>The path a word names (case-insensitive).</summary>
    /// <exception cref="UserException">A word that names no path, named with <paramref name="option"/>.</exception>
    public static InferencePath Parse(string word, string option = "--inference") =>
        Array.FindIndex(Words, w => w.Equals(word.Trim(), StringComparison.OrdinalIgnoreCase)) is var i and >= 0
            ? (InferencePath)i
            : throw new UserException($"{option} '{word}' is not one of {string.Join(", ", Words)}");
}
