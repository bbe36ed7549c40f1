using System.Text.Json;
using System.Text;
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
public sealed class TransferExperiment(string sourceRunDir, int level, DataHparams targetData, TrainingHparams training, int seed, ExperimentOptions options)
{
    private readonly RunHparams source = ReadSource(sourceRunDir);

    /// <summary>The target's settings: the source's model and pruning, the target's data; the source run and level are part of the name.</summary>
    public RunHparams Target => new(targetData, source.Model, training, source.Pruning, seed);

    public string RunName => $"{RunIdentity.Name(Target)}-from-{Path.GetFileName(Path.TrimEndingDirectorySeparator(sourceRunDir))}-L{level:D2}";

    public string RunDir => Path.Combine(options.RunsDir, RunName);

    public ExperimentOutcome Run()
    {
        DatasetRegistry.Validate(targetData.Dataset);
        var sourceStore = new FolderLevelStore(sourceRunDir);
        using var sourceMask = sourceStore.TryLoadMask(level, Methods.Ticket)
            ?? throw new ArgumentException($"{sourceRunDir} has no finished ticket at level {level}");
        using var sourceRewind = sourceStore.TryLoadRewind() ?? throw new ArgumentException($"{sourceRunDir} has no rewind weights (rewind.weights)");
        var vocabPath = Path.Combine(sourceRunDir, "vocab.txt");
        if (!File.Exists(vocabPath)) throw new ArgumentException($"{vocabPath} is missing: the source run's vocabulary is needed to carry embedding rows over");
        var sourceVocab = Vocabulary.Load(vocabPath);

        var data = DatasetRegistry.LoadEncoded(targetData, DataDirectory.Resolve(options.DataDir), options.Downloader ?? new Downloader());
        var map = new VocabularyMap(sourceVocab, data.Vocab);
        Directory.CreateDirectory(RunDir);
        AtomicFile.WriteAllText(Path.Combine(RunDir, "run.json"), JsonSerializer.Serialize(new { name = RunName, source = Path.GetFullPath(sourceRunDir), level, hparams = Target }, FolderLevelStore.Json));
        data.Vocab.Save(Path.Combine(RunDir, "vocab.txt"));

        var store = new FolderLevelStore(RunDir);
        var trainer = new LevelTrainer(new Trainer(training, options.TrainingObserver), store, options.LotteryObserver ?? new SilentLottery(), seed);
        TextClassifier Create() => ModelRegistry.Create(source.Model, data.Vocab.Count, data.ClassNames.Count, seed, data.Vocab);
        var results = new List<LevelResult>();

        using (var model = Create())
        using (var init = WeightSnapshot.Of(model))
        using (var dense = Mask.Dense(model, source.Pruning.Prunable))
            results.Add(Keep(trainer.Train(model, data, 0, Methods.Dense, dense, init, 0)));

        using (var model = Create())
        {
            var (rewind, mask) = TicketTransfer.Apply(sourceRewind, sourceMask, model, map);
            using (rewind)
            using (mask)
            {
                results.Add(Keep(trainer.Train(model, data, level, Methods.Ticket, mask, rewind, 0)));
                using var random = new RandomPruning(SeedPolicy.RandomPrune(seed, level)).Match(mask);
                results.Add(Keep(trainer.Train(model, data, level, Methods.RandomPrune, random, rewind, 0)));
            }
        }

        var table = new ResultsTable(ModelLabels.Of(source.Model.Name), results);
        var page = new StringBuilder($"# Ticket transfer: {Path.GetFileName(sourceRunDir)} level {level} → {data.Name}\n\n")
            .AppendLine($"The ticket (mask and rewind weights) of level {level} of `{Path.GetFullPath(sourceRunDir)}` ({100 * sourceMask.Sparsity:F2}% of prunable weights pruned), trained on {data.Name} ({data.Train.Count:N0} train / {data.Validation.Count:N0} validation / {data.Test.Count:N0} test) beside a random mask of the same per-tensor sparsity (same rewind weights) and the dense model trained on the target from initialisation.").AppendLine()
            .AppendLine($"Vocabularies reconciled by token string: {map.Carried:N0} of the target's {data.Vocab.Count:N0} tokens are known to the source ({sourceVocab.Count:N0} tokens) and carry their embedding rows{(sourceMask.Names.Any(n => n.Contains("embedding")) ? " and mask rows" : "")} over; {map.Fresh:N0} new tokens get fresh rows (the target model's initialisation, unpruned).").AppendLine()
            .AppendLine(table.ToMarkdown());
        AtomicFile.WriteAllText(Path.Combine(RunDir, "results.md"), page.ToString());
        AtomicFile.WriteAllText(Path.Combine(RunDir, "results.csv"), table.ToCsv());
        return new ExperimentOutcome(RunDir, RunName, results, page.ToString());
    }

    private static LevelResult Keep(StoredLevel level)
    {
        level.Dispose();
        return level.Result;
    }

    private static RunHparams ReadSource(string runDir)
    {
        var path = Path.Combine(runDir, "run.json");
        if (!File.Exists(path)) throw new ArgumentException($"{runDir} is not a run folder (no run.json)");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("hparams").Deserialize<RunHparams>(FolderLevelStore.Json)
            ?? throw new ArgumentException($"{path} holds no hparams");
    }

    private sealed class SilentLottery : ILotteryObserver { }
}
