using System.Globalization;
using TicketLab.Pruning;

namespace TicketLab.Lottery;

/// <summary>How a lottery run prunes between levels.</summary>
public sealed record PruningHparams(
    PruningScope Scope = PruningScope.Global,
    double Rate = 0.2,                 // iterative: fraction of the remaining prunable weights removed per level
    int Levels = 5,
    RewindPoint Rewind = default,      // step 0 = the original initialisation
    PrunableSet? Prunable = null,      // null: the model's default (weights and output layer; BERT: weights only)
    Baselines Baselines = Baselines.RandomPrune,
    PruningMode Mode = PruningMode.Iterative,
    string? Targets = null,            // sparsities per level, e.g. "0.2,0.36": one-shot prunes the dense net to each; iterative walks through them
    bool OutputAtHalfRate = false,     // prune the output layer at half the rate (Frankle & Carbin 2019)
    RandomPruneScope RandomScope = RandomPruneScope.LayerMatched)
{
    /// <summary>Throws a clear error for settings no run can use.</summary>
    public void Validate()
    {
        if (Mode == PruningMode.Iterative && Targets is null)
        {
            if (!(Rate > 0 && Rate < 1)) throw new ArgumentException($"--rate must be between 0 and 1 exclusive (got {Rate}); e.g. --rate 0.2 prunes 20% of the remaining weights per level");
            if (Levels < 0) throw new ArgumentException($"--levels must be at least 1 for a lottery run (got {Levels})");
        }
        else
        {
            var targets = TargetSparsities();
            if (targets.Count == 0) throw new ArgumentException("one-shot pruning needs --targets, e.g. --targets 0.2,0.36");
            if (targets.Any(t => !(t > 0 && t < 1))) throw new ArgumentException($"--targets must each be between 0 and 1 exclusive (got {Targets})");
            if (Mode == PruningMode.Iterative && targets.Zip(targets.Skip(1)).Any(p => p.Second <= p.First))
                throw new ArgumentException($"iterative --targets must increase level by level (got {Targets})");
        }
    }

    /// <summary>The number of pruned levels this run trains.</summary>
    public int LevelCount => Targets is not null ? TargetSparsities().Count : Levels;

    /// <summary>The fraction of the remaining weights level <paramref name="level"/> prunes (iterative mode).</summary>
    public double IterativeRate(int level)
    {
        if (Targets is null) return Rate;
        var t = TargetSparsities();
        double before = level == 1 ? 0 : t[level - 2];
        return (t[level - 1] - before) / (1 - before); // e.g. Chen et al.: 10% of the original weights per level
    }

    /// <summary>One-shot target sparsities in level order.</summary>
    public IReadOnlyList<double> TargetSparsities()
    {
        if (string.IsNullOrWhiteSpace(Targets)) return [];
        try
        {
            return Targets.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(t => double.Parse(t.TrimEnd('%'), CultureInfo.InvariantCulture) / (t.EndsWith('%') ? 100 : 1)).ToList();
        }
        catch (FormatException)
        {
            throw new ArgumentException($"--targets '{Targets}' is not a list of sparsities such as 0.2,0.36 or 20%,36%");
        }
    }

    /// <summary>The strategy this scope names.</summary>
    public IPruningStrategy Strategy() => Scope == PruningScope.Global ? new GlobalMagnitudePruning() : new LayerwiseMagnitudePruning();
}
