using TicketLab.Hparams;
using TicketLab.Store;


namespace TicketLab.Reporting;

/// <summary>A replicate group ready to report: its label among its dataset's groups and every level and method over its seeds.</summary>
public sealed record GroupSummary(
    RunGroup Group,
    RunHparams Hparams,                 // the group's recorded settings (seed: its first run's)
    string ModelLabel,                  // "CNN", "LSTM"
    IReadOnlyList<string> Variant,      // hparams (other than the rewind point) telling it from same-model groups of its dataset
    IReadOnlyList<LevelStats> Levels)
{
    public string Dataset => Hparams.Data.Dataset;

    public string Model => Hparams.Model.Name;

    public bool LateRewind => Hparams.Pruning.Rewind.Value != 0;

    /// <summary>The rewind point as the CLI writes it: "0", "500it", "1ep".</summary>
    public string Rewind => Hparams.Pruning.Rewind.ToString();

    /// <summary>The table label: model, then what sets this group apart (rewind point included).</summary>
    public string Label
    {
        get
        {
            var parts = Variant.ToList();
            if (LateRewind) parts.Insert(0, $"rewind {Rewind}");
            return parts.Count == 0 ? ModelLabel : $"{ModelLabel} [{string.Join(", ", parts)}]";
        }
    }

    /// <summary>The label of the group's cell: model and variant, without the rewind point (a rewind sweep's groups share it).</summary>
    public string CellLabel => CellLabelOf(ModelLabel, Variant);

    /// <summary>"CNN", or "CNN [Training.Epochs=5]" where settings tell the cell from its dataset's other cells of the model.</summary>
    public static string CellLabelOf(string modelLabel, IReadOnlyList<string> variant) =>
        variant.Count == 0 ? modelLabel : $"{modelLabel} [{string.Join(", ", variant)}]";

    /// <summary>A plot series name: late-rewinding groups get their own series per method.</summary>
    public string SeriesLabel(string method)
    {
        var name = LateRewind ? $"{method} (late rewind {Rewind})" : method;
        return Variant.Count == 0 ? name : $"{name} [{Compact(Variant)}]";
    }

    /// <summary>A legend-sized variant: section prefixes dropped, at most three settings (a plot legend must not crowd out the data).</summary>
    public static string Compact(IReadOnlyList<string> variant)
    {
        var settings = variant.Select(v => v[(v.IndexOf('.') + 1)..]).ToList();
        return string.Join(", ", settings.Take(3)) + (settings.Count > 3 ? $", +{settings.Count - 3} more" : "");
    }

    /// <summary>Each seed's finished levels (what <see cref="Levels"/> aggregates): the pairs behind every paired comparison.</summary>
    public IReadOnlyList<ReplicateStats.Observation> Observations { get; init; } = [];

    /// <summary><paramref name="method"/> − <paramref name="baseline"/> at one level on one metric, paired by run (one run per seed trains both);
    /// the baseline's level is <paramref name="baselineLevel"/> when given (the dense reference at level 0).</summary>
    public PairedComparison Compare(int level, string method, string baseline, Func<LevelRecord, double> metric, int? baselineLevel = null)
    {
        var levels = Observations.Select(o => o.Level).ToList();
        var pairs = levels.Where(l => l.Level == level && l.Method == method)
            .Join(levels.Where(l => l.Level == (baselineLevel ?? level) && l.Method == baseline), l => l.Run, l => l.Run, (m, b) => (metric(m), metric(b)))
            .ToList();
        return PairedComparison.Of(method, baseline, level, pairs);
    }

    /// <summary>The dense network a ticket is held against: under late rewinding the dense-rewind control (the same restart at 0%
    /// sparsity, so "the ticket beats dense" is not the restart's doing), else the dense network itself.</summary>
    public string DenseReference => LateRewind && Levels.Any(l => l.Level == 0 && l.Method == Lottery.Methods.DenseRewind)
        ? Lottery.Methods.DenseRewind : Lottery.Methods.Dense;

    /// <summary>The ticket of every pruned level against <see cref="DenseReference"/>, on test accuracy, paired by seed.</summary>
    public IReadOnlyList<PairedComparison> DenseComparisons() =>
        Levels.Where(l => l.Level > 0 && l.Method == Lottery.Methods.Ticket && Levels.Any(d => d.Level == 0 && d.Method == DenseReference))
            .Select(l => Compare(l.Level, Lottery.Methods.Ticket, DenseReference, r => r.Test.Accuracy, baselineLevel: 0))
            .ToList();

    /// <summary>The ticket against each other method of every pruned level, on test accuracy.</summary>
    public IReadOnlyList<PairedComparison> TicketComparisons() =>
        Levels.Where(l => l.Level > 0 && l.Method != Lottery.Methods.Ticket && Levels.Any(t => t.Level == l.Level && t.Method == Lottery.Methods.Ticket))
            .Select(l => Compare(l.Level, Lottery.Methods.Ticket, l.Method, r => r.Test.Accuracy))
            .ToList();

    /// <summary>Each mask against each of its ablations (<see cref="Lottery.MaskAblation"/>) at every pruned level both trained, on test
    /// accuracy: the mask's method − the ablation, so a positive difference says the ablated property helped.</summary>
    public IReadOnlyList<(PairedComparison Comparison, string Kind)> AblationComparisons() =>
        (from l in Levels
         where l.Level > 0
         let ablation = Lottery.LotteryMethods.Find(l.Method)?.Ablation(Hparams.Pruning)
         where ablation is not null && Levels.Any(m => m.Level == l.Level && m.Method == ablation.Of)
         orderby l.Level, Lottery.LotteryMethods.Rank(ablation.Of), ablation.Kind
         select (Compare(l.Level, ablation.Of, l.Method, r => r.Test.Accuracy), ablation.Kind)).ToList();

    /// <summary>The level's sparsity as the tables state it: the ticket's, which every other method of the level matches (else the
    /// level's first method, as at level 0).</summary>
    public LevelStats SparsityOf(int level)
    {
        var at = Levels.Where(l => l.Level == level).ToList();
        return at.FirstOrDefault(l => l.Method == Lottery.Methods.Ticket) ?? at[0];
    }

    public LevelStats? Dense => Levels.FirstOrDefault(l => l.Level == 0 && l.Method == "dense");

    /// <summary>Methods below the dense level, in the study's order: ticket, then the baselines.</summary>
    public IReadOnlyList<string> PrunedMethods => MethodOrder.Sort(Levels.Where(l => l.Level > 0).Select(l => l.Method).Distinct());
}
