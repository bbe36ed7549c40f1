namespace TicketLab.Pruning;

/// <summary>Which kinds of parameters a strategy may prune; the report lists the resulting tensors.</summary>
[Flags]
public enum PrunableSet
{
    /// <summary>Conv kernels, hidden linear and recurrent weight matrices.</summary>
    Weights = 1,
    /// <summary>The classification layer's weight matrix.</summary>
    Output = 2,
    /// <summary>The token embedding table.</summary>
    Embeddings = 4,
    /// <summary>Bias vectors.</summary>
    Biases = 8,
    /// <summary>The seed study's set: conv kernels and linear weights, the output layer included.</summary>
    Default = Weights | Output,
}
