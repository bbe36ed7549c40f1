using TicketLab.Training;

namespace TicketLab.Lottery;

/// <summary>What a lottery run keeps between levels: the chains (the ticket's: dense, then each level's ticket; and any method's own
/// chain of pruned levels from the same dense network) as far back as later levels need them, and the rewind weights; owns and frees all of it.</summary>
internal sealed class LevelChain : IDisposable
{
    private readonly Dictionary<(string Method, int Level), StoredLevel> chain = [];
    private WeightSnapshot? rewind;

    /// <summary>The ticket's chain and the rewind point as a method at <paramref name="level"/> sees them; frees chain levels no longer needed.</summary>
    public (WeightSnapshot? Rewind, StoredLevel? Dense, StoredLevel? Previous, StoredLevel? Current) At(int level)
    {
        // a level builds on the dense network and the level before it only
        foreach (var old in chain.Keys.Where(k => k.Level > 0 && k.Level < level - 1).ToList())
        {
            chain[old].Dispose();
            chain.Remove(old);
        }
        return (rewind, chain.GetValueOrDefault((DenseMethod.Id, 0)), Previous(TicketMethod.Id, level), chain.GetValueOrDefault((TicketMethod.Id, level)));
    }

    /// <summary>What <paramref name="method"/>'s own chain builds on at <paramref name="level"/>: its level before, the dense network at level 1.</summary>
    public StoredLevel? Previous(string method, int level) =>
        chain.GetValueOrDefault(level == 1 ? (DenseMethod.Id, 0) : (method, level - 1));

    /// <summary>Takes a trained level (and the rewind weights it captured): kept if it extends the chain, freed otherwise.</summary>
    public void Add(int level, LotteryMethod method, StoredLevel trained, WeightSnapshot? captured)
    {
        if (captured is not null)
        {
            rewind?.Dispose();
            rewind = captured;
        }
        if (!method.ExtendsChain) { trained.Dispose(); return; }
        if (chain.Remove((method.Name, level), out var replaced)) replaced.Dispose();
        chain[(method.Name, level)] = trained;
    }

    public void Dispose()
    {
        foreach (var level in chain.Values) level.Dispose();
        chain.Clear();
        rewind?.Dispose();
        rewind = null;
    }
}
