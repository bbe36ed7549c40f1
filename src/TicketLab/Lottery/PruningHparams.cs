using System.Globalization;
using TicketLab.Models;
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
    RandomPruneScope RandomScope = RandomPruneScope.LayerMatched,
    [LegacyDefault(ScoreWeights.Best)] ScoreWeights ScoreWeights = ScoreWeights.Final,   // runs named before it scored the best epoch
    double EarlyBirdThreshold = 0.1,   // early-bird: the ticket is drawn once the last EarlyBirdWindow mask distances are all below this
    int EarlyBirdWindow = 5,           // early-bird: how many consecutive mask distances the rule reads (You et al. 2020: 5)
    int EarlyBirdEvery = 0,            // early-bird: check the mask every this many optimiser steps; 0: after each epoch
    int ScoringBatches = 4)            // snip, grasp: batches of the run's training data (its first epoch's order) their scores read
{
    /// <summary>A layer this large must keep at least one weight at the last level; a schedule that empties it trains at 100% sparsity.</summary>
    public const long SmallestKeptLayer = 10_000;

    /// <summary>Throws the first of <see cref="Problems"/>, naming the CLI option.</summary>
    /// <exception cref="UserException">Settings no run can use.</exception>
    public void Validate()
    {
        foreach (var (property, problem) in Problems())
            throw new UserException($"--{Kebab(property)} {System.Text.RegularExpressions.Regex.Replace(problem, @"\{(\w+)\}", m => "--" + Kebab(m.Groups[1].Value))}");
    }

    /// <summary>Why no run can use these settings, as (property, text following the setting's name, with other settings as {Property}).</summary>
    public IEnumerable<(string Property, string Problem)> Problems()
    {
        if (Levels < 0) yield return (nameof(Levels), $"must be 0 (the dense run only) or more (got {Levels})");
        if (Targets is null)
        {
            if (Mode == PruningMode.OneShot) { yield return (nameof(Targets), "must be given for one-shot pruning, e.g. 0.2,0.36"); yield break; }
            if (!(Rate > 0 && Rate < 1)) { yield return (nameof(Rate), Invariant($"must be between 0 and 1 exclusive (got {Rate}); e.g. 0.2 prunes 20% of the remaining weights per level")); yield break; }
        }
        else
        {
            if (Rate != new PruningHparams().Rate) yield return (nameof(Rate), "cannot be given with {Targets}: the targets fix every level's sparsity");
            IReadOnlyList<double> targets;
            try { targets = TargetSparsities(); }
            catch (ArgumentException) { targets = []; }
            if (targets.Count == 0) { yield return (nameof(Targets), $"must be a list of sparsities such as 0.2,0.36 or 20%,36% (got '{Targets}')"); yield break; }
            if (targets.Any(t => !(t > 0 && t < 1))) { yield return (nameof(Targets), $"must each be between 0 and 1 exclusive (got {Targets})"); yield break; }
            if (Mode == PruningMode.Iterative && targets.Zip(targets.Skip(1)).Any(p => p.Second <= p.First))
            { yield return (nameof(Targets), $"must increase level by level for iterative pruning (got {Targets})"); yield break; }
        }
        if (!(EarlyBirdThreshold > 0 && EarlyBirdThreshold <= 1)) yield return (nameof(EarlyBirdThreshold), Invariant($"must be in (0, 1], a share of prunable positions (got {EarlyBirdThreshold})"));
        if (EarlyBirdWindow < 1) yield return (nameof(EarlyBirdWindow), $"must be at least 1 (got {EarlyBirdWindow})");
        if (ScoringBatches < 1) yield return (nameof(ScoringBatches), $"must be at least 1 batch (got {ScoringBatches})");
        if (EarlyBirdEvery < 0) yield return (nameof(EarlyBirdEvery), $"must be 0 (after each epoch) or a number of steps (got {EarlyBirdEvery})");
        if (IsStructured && OutputAtHalfRate) yield return (nameof(OutputAtHalfRate), "cannot be used with {Scope} structured: a structure owns its output-layer columns");
        if (!IsStructured && EmptiedLevel() is { } level)
            yield return Targets is null
                ? (nameof(Levels), Invariant($"{Levels} at rate {Rate} prune a layer of {SmallestKeptLayer:N0} weights to nothing by level {level} (100% sparsity); use at most {level - 1} levels or a lower {{Rate}}"))
                : (nameof(Targets), Invariant($"{Targets} prune a layer of {SmallestKeptLayer:N0} weights to nothing by level {level} (100% sparsity); use lower targets"));
    }

    /// <summary>The first level at which a layer of <see cref="SmallestKeptLayer"/> weights keeps none, rounding as the strategies do.</summary>
    private int? EmptiedLevel()
    {
        long kept = SmallestKeptLayer;
        for (int level = 1; level <= LevelCount; level++)
        {
            kept = Mode == PruningMode.OneShot
                ? SmallestKeptLayer - PruningRate.Count(SmallestKeptLayer, TargetSparsities()[level - 1])
                : kept - PruningRate.Count(kept, IterativeRate(level));
            if (kept <= 0) return level;
        }
        return null;
    }

    private static string Kebab(string property) => string.Concat(property.Select((c, i) => i > 0 && char.IsUpper(c) ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

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

    /// <summary>Whether the chain's network at <paramref name="level"/> is scored by a later level (the dense network; iterative, each ticket but the last).</summary>
    public bool IsScoredLater(int level) => LevelCount >= 1 && (level == 0 || (Mode == PruningMode.Iterative && level < LevelCount));

    /// <summary>Whether levels prune whole structures (<see cref="StructuredPruning"/>) rather than single weights.</summary>
    public bool IsStructured => Scope is PruningScope.Structured or PruningScope.StructuredL2;

    /// <summary>The strategy this scope names; structured scopes need the <paramref name="model"/> whose structures they prune.</summary>
    public IPruningStrategy Strategy(TextClassifier? model = null) => Scope switch
    {
        PruningScope.Layerwise => new LayerwiseMagnitudePruning(),
        PruningScope.Lamp => new LampPruning(),
        PruningScope.Structured or PruningScope.StructuredL2 => new StructuredPruning(
            StructureMap.For(model ?? throw new ArgumentNullException(nameof(model), "structured pruning needs the model")),
            Scope == PruningScope.Structured ? StructureNorm.L1 : StructureNorm.L2),
        _ => new GlobalMagnitudePruning(),
    };

    /// <summary>The parameters a run's masks cover: the named set (default: the model's own), plus the biases when structured, so a
    /// pruned structure is zero through and through.</summary>
    public PrunableSet MaskedSet(TextClassifier model) => (Prunable ?? Mask.DefaultFor(model)) | (IsStructured ? PrunableSet.Biases : 0);
}
