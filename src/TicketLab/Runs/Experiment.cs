using System.Text.Json;
using TicketLab.Data;
using TicketLab.Hparams;
using TicketLab.Lottery;
using TicketLab.Models;
using TicketLab.Reporting;
using TicketLab.Store;

namespace TicketLab.Runs;

/// <summary>One run end to end: data → model → lottery levels → files in its run folder; re-running resumes it.</summary>
public sealed class Experiment(RunHparams hparams, ExperimentOptions options)
{
    public string RunName { get; } = RunIdentity.Name(hparams);

    public string RunDir => Path.Combine(options.RunsDir, RunName);

    /// <summary>Rejects unknown names and impossible settings before anything is read or written.</summary>
    public void Validate()
    {
        hparams.Pruning.Validate();
        DatasetRegistry.Validate(hparams.Data.Dataset);
        ModelRegistry.Validate(hparams.Model.Name);
    }

    public ExperimentOutcome Run()
    {
        Validate();
        if (options.Threads is { } threads) TorchSharp.torch.set_num_threads(threads);
        var log = options.Log ?? (_ => { });

        var data = LoadData();
        log($"{data.Name}: {data.Train.Count} train / {data.Validation.Count} validation / {data.Test.Count} test, vocabulary {data.Vocab.Count}");

        Directory.CreateDirectory(RunDir);
        AtomicFile.WriteAllText(Path.Combine(RunDir, "run.json"), JsonSerializer.Serialize(new
        {
            name = RunName,
            groupKey = RunIdentity.GroupKey(hparams),
            canonical = RunIdentity.Canonical(hparams),
            hparams,
        }, FolderLevelStore.Json));
        data.Vocab.Save(Path.Combine(RunDir, "vocab.txt")); // transfer reconciles vocabularies by token string
        using var recorder = new RunRecorder();
        recorder.Started(hparams, RunName, RunDir);
        WriteStatus("running", null);
        try
        {
            var store = new FolderLevelStore(RunDir);
            var runner = new LotteryRunner(
                seed => ModelRegistry.Create(hparams.Model, data.Vocab.Count, data.ClassNames.Count, seed, data.Vocab),
                hparams.Training, hparams.Pruning, hparams.Seed,
                store, options.TrainingObserver, recorder.Observing(options.LotteryObserver),
                seed => ModelRegistry.CreateFresh(hparams.Model, data.Vocab.Count, data.ClassNames.Count, seed, data.Vocab));
            var levels = runner.Run(data);
            var table = new ResultsTable(ModelLabel(), levels);
            var markdown = table.ToMarkdown();
            AtomicFile.WriteAllText(Path.Combine(RunDir, "results.md"), Page(data, levels, markdown, store));
            AtomicFile.WriteAllText(Path.Combine(RunDir, "results.csv"), table.ToCsv());
            WriteStatus("done", null);
            recorder.Finished();
            return new ExperimentOutcome(RunDir, RunName, levels, markdown);
        }
        catch (Exception e)
        {
            WriteStatus("failed", e.Message);
            recorder.Failed(e.Message);
            throw;
        }
    }

    private string Page(EncodedDataset data, IReadOnlyList<LevelResult> levels, string table, FolderLevelStore store)
    {
        var sb = new System.Text.StringBuilder();
        sb.AppendLine($"# {RunName}").AppendLine();
        sb.AppendLine($"{Markdown.Escape(data.Name)} ({data.Train.Count:N0} train / {data.Validation.Count:N0} validation / {data.Test.Count:N0} test), model {hparams.Model.Name}, seed {hparams.Seed}.");
        sb.AppendLine($"Non-default settings: {(RunIdentity.Canonical(hparams) is { Length: > 0 } c ? string.Join(", ", c.Split('\n').Select(Markdown.Code)) : "`none`")}.").AppendLine();
        sb.AppendLine(table);
        if (levels.Any(l => l.Level > 0))
        {
            sb.AppendLine("## Prunable tensors and their sparsity").AppendLine().AppendLine(SparsityTable.From(levels).ToMarkdown());
            sb.AppendLine("## Mask overlap (Jaccard of kept weights)").AppendLine().AppendLine(MaskOverlapTable.ForRun(levels, store.TryLoadMask).ToMarkdown());
        }
        return sb.ToString();
    }

    /// <summary>The model as the study's tables name it.</summary>
    public string ModelLabel() => ModelLabels.Of(hparams.Model.Name);

    /// <summary>BERT models read WordPiece ids from their own vocabulary; the others use the basic tokenizer and a vocabulary built from train.</summary>
    private EncodedDataset LoadData()
    {
        var dir = DataDirectory.Resolve(options.DataDir);
        var downloader = options.Downloader ?? new Downloader();
        if (!Models.Bert.BertModels.IsBert(hparams.Model.Name)) return DatasetRegistry.LoadEncoded(hparams.Data, dir, downloader);
        int positions = Models.Bert.BertModels.Config(hparams.Model.Name).MaxPositionEmbeddings;
        if (hparams.Data.MaxLength > positions)
            throw new ArgumentException($"--max-length {hparams.Data.MaxLength} exceeds the {positions} positions of {hparams.Model.Name}");
        return BertEncoding.LoadOrBuild(DatasetRegistry.Load(hparams.Data, dir, downloader), hparams.Data.MaxLength,
            Models.Bert.BertModels.Vocab(hparams.Model.Name), DataDirectory.CacheDirectory());
    }

    private void WriteStatus(string state, string? error) =>
        AtomicFile.WriteAllText(Path.Combine(RunDir, "status.json"),
            JsonSerializer.Serialize(new { state, error, time = DateTimeOffset.UtcNow }, FolderLevelStore.Json));
}
