using TicketLab.Data;
using TicketLab.Hparams;
using TicketLab.Lottery;
using TicketLab.Models;
using TicketLab.Reporting;
using TicketLab.Store;

namespace TicketLab.Runs;

/// <summary>One lottery run end to end: data → model → lottery levels → files in its run folder; re-running resumes it.</summary>
public sealed class Experiment(RunHparams hparams, ExperimentOptions options)
{
    private readonly RunHparams hparams = hparams;
    private readonly ExperimentOptions options = options;

    public string RunName { get; } = RunIdentity.Name(hparams);

    public RunHparams Hparams => hparams;

    public string RunDir => Path.Combine(options.RunsDir, RunName);

    /// <summary>Rejects unknown names and impossible settings (naming the setting) before anything is read or written.</summary>
    public void Validate() => hparams.Validate();

    /// <summary>Runs (or resumes, or reads back) the run under its lock; see <see cref="RunLifecycle"/>.</summary>
    public ExperimentOutcome Run() => RunLifecycle.Run(new Body(this), options);

    /// <summary>Trains one unit of the run as a worker that claimed it; see <see cref="RunLifecycle.RunUnit"/>.</summary>
    public LevelResult RunUnit(LevelUnit unit) => RunLifecycle.RunUnit(new Body(this), unit, options);

    /// <summary>The run's units, each with the one it waits for.</summary>
    public IReadOnlyList<(LevelUnit Unit, LevelUnit? After)> Units() =>
        LevelUnits.Plan(hparams.Pruning).Select(u => (u, LevelUnits.After(u, hparams.Pruning))).ToList();

    /// <summary>The shared unit a unit of this run trains, for the store's claims: the dense level's, a retraining chain's pruned
    /// level's; null for any other unit, or when levels are not shared.</summary>
    public string? Shares(LevelUnit unit) =>
        !options.ShareLevels ? null
        : unit.Level == 0 && unit.Method == Methods.Dense ? DenseUnitKey.OfSettings(hparams)
        : unit.Level > 0 && LotteryMethods.Find(unit.Method)?.ExtendsChain == true ? ChainUnitKey.OfSettings(hparams, unit.Level, unit.Method)
        : null;

    /// <summary>The model as the study's tables name it.</summary>
    public string ModelLabel() => ModelLabels.Of(hparams.Model.Name);

    private sealed class Body(Experiment e) : IRunBody
    {
        private EncodedDataset? data;

        public string RunName => e.RunName;
        public string RunDir => e.RunDir;
        public RunHparams Hparams => e.hparams;
        public string GroupKey => RunIdentity.GroupKey(e.hparams);
        public IReadOnlyDictionary<string, object?> Provenance { get; } = new Dictionary<string, object?> { ["kind"] = "lottery" };
        public IReadOnlyList<(int Level, string Method)> Plan => LotteryRunner.Plan(e.hparams.Pruning);

        public void Validate() => e.Validate();

        public void Prepare(Action<string> log)
        {
            data = e.LoadData();
            log($"{data.Name}: {data.Train.Count} train / {data.Validation.Count} validation / {data.Test.Count} test, vocabulary {data.Vocab.Count}");
        }

        public RunResults Execute(RunContext context)
        {
            var d = data ?? throw new InvalidOperationException("Prepare first");
            d.Vocab.Save(Path.Combine(RunDir, "vocab.txt")); // transfer reconciles vocabularies by token string
            RunClasses.Save(RunDir, d.ClassNames);            // predict names labels with them
            var levels = Runner(d, context).Run(d);
            var table = new ResultsTable(e.ModelLabel(), levels);
            var markdown = table.ToMarkdown();
            return new RunResults(levels, e.Page(d, levels, markdown, context.Store), table.ToCsv(), markdown);
        }

        public LevelResult ExecuteUnit(RunContext context, LevelUnit unit)
        {
            var d = data ?? throw new InvalidOperationException("Prepare first");
            if (unit.Level == 0) // the dense unit comes first: the run's files are its worker's
            {
                d.Vocab.Save(Path.Combine(RunDir, "vocab.txt"));
                RunClasses.Save(RunDir, d.ClassNames);
            }
            return Runner(d, context).RunUnit(d, unit);
        }

        private LotteryRunner Runner(EncodedDataset d, RunContext context)
        {
            var h = e.hparams;
            return new LotteryRunner(
                seed => ModelRegistry.Create(h.Model, d.Vocab.Count, d.ClassNames.Count, seed, d.Vocab),
                h.Training, h.Pruning, h.Seeds(),
                context.Store, e.options.TrainingObserver, context.Observer,
                seed => ModelRegistry.CreateFresh(h.Model, d.Vocab.Count, d.ClassNames.Count, seed, d.Vocab),
                e.options.Stop,
                e.options.ShareLevels ? DenseUnitFolder.For(e.options.RunsDir, h, d, RunName, context.Log, e.options.RewindSweep) : null,
                e.options.ShareLevels ? ChainUnitFolder.For(e.options.RunsDir, h, d, RunName, context.Log) : null);
        }

        public string Table(IReadOnlyList<LevelResult> levels) => new ResultsTable(e.ModelLabel(), levels).ToMarkdown();
    }

    private string Page(EncodedDataset data, IReadOnlyList<LevelResult> levels, string table, FolderLevelStore store)
    {
        var sb = new System.Text.StringBuilder();
        sb.AppendLine($"# {RunName}").AppendLine();
        sb.AppendLine($"{Markdown.Escape(data.Name)} ({data.Train.Count:N0} train / {data.Validation.Count:N0} validation / {data.Test.Count:N0} test), model {hparams.Model.Name}, {Seeds(hparams)}.");
        sb.AppendLine($"Non-default settings: {(RunIdentity.Canonical(hparams) is { Length: > 0 } c ? string.Join(", ", c.Split('\n').Select(Markdown.Code)) : "`none`")}.").AppendLine();
        sb.AppendLine(table);
        if (levels.Any(l => l.Level > 0))
        {
            sb.AppendLine("## Prunable tensors and their sparsity").AppendLine().AppendLine(SparsityTable.From(levels).ToMarkdown());
            sb.AppendLine("## Mask overlap (Jaccard of kept weights)").AppendLine().AppendLine(MaskOverlapTable.ForRun(levels, store.TryLoadMask).ToMarkdown());
            if (EarlyBirdTable.ForRun(levels, hparams.Pruning.Mode == PruningMode.Iterative) is { } birds)
                sb.AppendLine("## Early-bird tickets (You et al. 2020) beside IMP's").AppendLine().AppendLine(birds.ToMarkdown());
        }
        return sb.ToString();
    }

    /// <summary>"seed 2 (initialisation 2, data order 2, split 1234)": which seeds drew what.</summary>
    public static string Seeds(RunHparams h) =>
        $"seed {h.Seed} (initialisation {h.Seeds().Init}, data order and dropout {h.Seeds().Data}, split {h.SplitData().SplitSeed}{(h.VarySplit ? ", drawn per seed" : ", shared by all seeds")})";

    /// <summary>BERT models read WordPiece ids from their own vocabulary; the others use the basic tokenizer and a vocabulary built from train.</summary>
    internal EncodedDataset LoadData()
    {
        var dir = DataDirectory.Resolve(options.DataDir);
        var downloader = options.Downloader ?? new Downloader();
        if (!Models.Bert.BertModels.IsBert(hparams.Model.Name)) return DatasetRegistry.LoadEncoded(hparams.SplitData(), dir, downloader);
        int positions = Models.Bert.BertModels.Config(hparams.Model.Name).MaxPositionEmbeddings;
        if (hparams.Data.MaxLength > positions)
            throw new ArgumentException($"--max-length {hparams.Data.MaxLength} exceeds the {positions} positions of {hparams.Model.Name}");
        return BertEncoding.LoadOrBuild(hparams.SplitData(), dir, downloader, Models.Bert.BertModels.Vocab(hparams.Model.Name), DataDirectory.CacheDirectory());
    }
}
