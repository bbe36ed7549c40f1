namespace TicketLab.Models;

/// <summary>What a parameter is for, so pruning can decide what is prunable without knowing the architecture.</summary>
public enum ParameterRole
{
    /// <summary>Conv kernels, linear and recurrent weight matrices: prunable by default.</summary>
    Weight,
    /// <summary>Token embedding table: prunable only when asked.</summary>
    Embedding,
    /// <summary>Any bias vector: prunable only when asked.</summary>
    Bias,
    /// <summary>The classification layer's weight: prunable only when asked.</summary>
    Output,
    /// <summary>Normalisation scales and similar: never pruned.</summary>
    Other,
}
