namespace TicketLab.Lottery;

/// <summary>What an ablation method takes apart (Frankle et al. 2021): <see cref="Of"/>'s mask shuffled within each tensor, or kept
/// on a fresh initialisation. The report holds each mask against its ablations, paired by seed.</summary>
public sealed record MaskAblation(string Of, string Kind)
{
    /// <summary>Same per-tensor counts, new positions, the same start weights: does the mask matter beyond its per-layer budget?</summary>
    public const string Shuffle = "shuffle";

    /// <summary>The same mask on a fresh initialisation: do the kept weights' initial values matter?</summary>
    public const string Reinit = "reinit";
}
