using TicketLab.Training;

namespace TicketLab.Lottery;

/// <summary>What a lottery run keeps between levels: the chain (dense, then each level's ticket) as far back as later levels need it,
/// and the rewind weights; owns and frees all of it.</summary>
internal sealed class LevelChain : IDisposable
{
    private readonly Dictionary<int, StoredLevel> chain = [];
    private WeightSnapshot? rewind;

    /// <summary>The chain and rewind point as a method at <paramref name="level"/> sees them; frees chain levels no longer needed.</summary>
    public (WeightSnapshot? Rewind, StoredLevel? Dense, StoredLevel? Previous, StoredLevel? Current) At(int level)
    {
        // a level builds on the dense network and the level before it only
        foreach (var old in chain.Keys.Where(l => l > 0 && l < level - 1).ToList())
        {
            chain[old].Dispose();
            chain.Remove(old);
        }
        return (rewind, chain.GetValueOrDefault(0), chain.GetValueOrDefault(level - 1), chain.GetValueOrDefault(level));
    }

    /// <summary>Takes a trained level (and the rewind weights it captured): kept if it extends the chain, freed otherwise.</summary>
    public void Add(int level, LotteryMethod method, StoredLevel trained, WeightSnapshot? captured)
    {
        if (captured is not null)
        {
            rewind?.Dispose();
            rewind = captured;
        }
        if (!method.ExtendsChain) { trained.Dispose(); return; }
        if (chain.Remove(level, out var replaced)) replaced.Dispose();
        chain[level] = trained;
    }

    public void Dispose()
    {
        foreach (var level in chain.Values) level.Dispose();
        chain.Clear();
        rewind?.Dispose();
        rewind = null;
    }
}
