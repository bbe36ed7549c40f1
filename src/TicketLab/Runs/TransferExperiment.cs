using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TicketLab.Data;
using TicketLab.Hparams;
using TicketLab.Lottery;
using TicketLab.Models;
using TicketLab.Pruning;
using TicketLab.Reporting;
using TicketLab.Store;
using TicketLab.Training;

namespace TicketLab.Runs;

/// <summary>Trains a ticket found in one run on another dataset of the same task, beside a random mask of the same sparsity and the dense model trained there.</summary>
/// <remarks>A run like any other (<see cref="RunLifecycle"/>): locked, in the store while it runs, status done or failed, resumed level by level.
/// One seed per run; the source's model (word vectors included) is used as it is.</remarks>
public sealed class TransferExperiment(string sourceRunDir, int level, DataHparams targetData, TrainingHparams training, int seed, ExperimentOptions options)
{
    private readonly string sourceRunDir = sourceRunDir;
    private readonly int level = level;
    private readonly DataHparams targetData = targetData;
    private readonly TrainingHparams training = training;
    private readonly int seed = seed;
    private readonly ExperimentOptions options = options;
    private readonly RunHparams source = RecordedHparams.OfRun(sourceRunDir);

    /// <summary>The target's settings: the source's model and pruning, the target's data; the source run and level are part of the name.</summary>
    public RunHparams Target => new(targetData, source.Model, training, source.Pruning, seed);

    private string SourceName => Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(sourceRunDir)));

    public string RunName => $"{RunIdentity.Name(Target)}-from-{SourceName}-L{level:D2}";

    public string RunDir => Path.Combine(options.RunsDir, RunName);

    /// <summary>Transfers of the same ticket that differ only in their seed; never shared with an ordinary run on the target data.</summary>
    public string GroupKey => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        $"transfer\n{RunIdentity.GroupKey(Target)}\nfrom={SourceName}\nlevel={level}")))[..10];

    /// <summary>Rejects what a transfer cannot do before anything is read or written.</summary>
    public void Validate()
    {
        if (Models.Bert.BertModels.IsBert(source.Model.Name))
            throw new UserException($"{sourceRunDir} is a {source.Model.Name} run: transfer carries embedding rows over by basic-tokenizer token and cannot move a WordPiece model's ticket; transfer from a cnn, rnn or lstm run");
        if (level < 1 || level > source.Pruning.LevelCount)
            throw new UserException($"--level {level}: {sourceRunDir} has pruned levels 1 to {source.Pruning.LevelCount}");
        Target.Validate();
    }

    public ExperimentOutcome Run() => RunLifecycle.Run(new Body(this), options);

    private sealed class Body(TransferExperiment t) : IRunBody
    {
        private EncodedDataset? data;
        private Vocabulary? sourceVocab;

        public string RunName => t.RunName;
        public string RunDir => t.RunDir;
        public RunHparams Hparams => t.Target;
        public string GroupKey => t.GroupKey;
        public IReadOnlyDictionary<string, object?> Provenance => new Dictionary<string, object?>
        {
            ["kind"] = "transfer",
            ["source"] = Path.GetFullPath(t.sourceRunDir),
            ["level"] = t.level,
        };
        public IReadOnlyList<(int Level, string Method)> Plan => [(0, Methods.Dense), (t.level, Methods.Ticket), (t.level, Methods.RandomPrune)];

        public void Validate() => t.Validate();

        public void Prepare(Action<string> log)
        {
            var sourceStore = new FolderLevelStore(t.sourceRunDir);
            using (var mask = sourceStore.TryLoadMask(t.level, Methods.Ticket))
                if (mask is null) throw new UserException($"{t.sourceRunDir} has no finished ticket at level {t.level}");
            var vocabPath = Path.Combine(t.sourceRunDir, "vocab.txt");
            if (!File.Exists(vocabPath)) throw new UserException($"{vocabPath} is missing: the source run's vocabulary is needed to carry embedding rows over");
            sourceVocab = Vocabulary.Load(vocabPath);
            data = DatasetRegistry.LoadEncoded(t.targetData, DataDirectory.Resolve(t.options.DataDir), t.options.Downloader ?? new Downloader());
            log($"{data.Name}: {data.Train.Count} train / {data.Validation.Count} validation / {data.Test.Count} test, vocabulary {data.Vocab.Count}");
        }

        public RunResults Execute(RunContext context)
        {
            var d = data ?? throw new InvalidOperationException("Prepare first");
            var sourceStore = new FolderLevelStore(t.sourceRunDir);
            using var sourceMask = sourceStore.TryLoadMask(t.level, Methods.Ticket) ?? throw new UserException($"{t.sourceRunDir} has no finished ticket at level {t.level}");
            using var sourceRewind = sourceStore.TryLoadRewind() ?? throw new UserException($"{t.sourceRunDir} has no rewind weights (rewind.weights)");
            var map = new VocabularyMap(sourceVocab!, d.Vocab);
            d.Vocab.Save(Path.Combine(RunDir, "vocab.txt"));
            RunClasses.Save(RunDir, d.ClassNames);

            var model = t.source.Model;
            var trainer = new LevelTrainer(new Trainer(t.training, t.options.TrainingObserver), context.Store, context.Observer, t.seed);
            TextClassifier Create() => ModelRegistry.Create(model, d.Vocab.Count, d.ClassNames.Count, t.seed, d.Vocab);
            var results = new List<LevelResult>();

            using (var dense = Create())
            using (var init = WeightSnapshot.Of(dense))
            using (var all = Mask.Dense(dense, t.source.Pruning.MaskedSet(dense)))
            using (var trained = trainer.Train(dense, d, 0, Methods.Dense, all, init, 0))
                results.Add(trained.Result);

            using (var ticketModel = Create())
            {
                var (rewind, mask) = TicketTransfer.Apply(sourceRewind, sourceMask, ticketModel, map);
                using (rewind)
                using (mask)
                {
                    using (var ticket = trainer.Train(ticketModel, d, t.level, Methods.Ticket, mask, rewind, 0))
                        results.Add(ticket.Result);
                    using var random = new RandomPruning(SeedPolicy.RandomPrune(t.seed, t.level)).Match(mask);
                    using var baseline = trainer.Train(ticketModel, d, t.level, Methods.RandomPrune, random, rewind, 0);
                    results.Add(baseline.Result);
                }
            }

            var markdown = Table(results);
            var page = new StringBuilder($"# Ticket transfer: {t.SourceName} level {t.level} → {d.Name}\n\n")
                .AppendLine($"The ticket (mask and rewind weights) of level {t.level} of `{Path.GetFullPath(t.sourceRunDir)}` ({100 * sourceMask.Sparsity:F2}% of prunable weights pruned), trained on {d.Name} ({d.Train.Count:N0} train / {d.Validation.Count:N0} validation / {d.Test.Count:N0} test) beside a random mask of the same per-tensor sparsity (same rewind weights) and the dense model trained on the target from initialisation.").AppendLine()
                .AppendLine($"Vocabularies reconciled by token string: {map.Carried:N0} of the target's {d.Vocab.Count:N0} tokens are known to the source ({sourceVocab!.Count:N0} tokens) and carry their embedding rows{(sourceMask.Names.Any(n => n.Contains("embedding")) ? " and mask rows" : "")} over; {map.Fresh:N0} new tokens get fresh rows (the target model's initialisation, unpruned).").AppendLine()
                .AppendLine(markdown);
            return new RunResults(results, page.ToString(), new ResultsTable(ModelLabels.Of(model.Name), results).ToCsv(), page.ToString());
        }

        public string Table(IReadOnlyList<LevelResult> levels) => new ResultsTable(ModelLabels.Of(t.source.Model.Name), levels).ToMarkdown();
    }
}
