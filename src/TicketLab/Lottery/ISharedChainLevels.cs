namespace TicketLab.Lottery;

/// <summary>The pruned levels of a retraining chain that every run with the same chain settings shares, so each is trained once
/// (Store's <c>ChainUnitFolder</c>): runs that differ only in their baselines, or a study extended by more levels.</summary>
public interface ISharedChainLevels
{
    /// <summary>The level another run trained, verified (result, mask, trained and kept final weights; the caller owns it); null when
    /// there is none, it does not verify (then moved aside) or its mask is not <paramref name="mask"/>, the one this run pruned (then
    /// said): the run trains the level itself.</summary>
    StoredLevel? TryLoad(int level, string method, Pruning.Mask mask);

    /// <summary>Shares a level this run trained; the first writer wins.</summary>
    void Publish(StoredLevel level);
}
