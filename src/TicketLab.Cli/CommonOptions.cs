using System.CommandLine;
using TicketLab.Data;
using TicketLab.Hparams;
using TicketLab.Lottery;
using TicketLab.Models;
using TicketLab.Runs;
using TicketLab.Training;

namespace TicketLab.Cli;

/// <summary>Options shared by train and lottery, and their binding into hparams.</summary>
internal sealed class CommonOptions
{
    public Option<string> Dataset { get; } = new("--dataset") { Description = "dataset name: imdb", DefaultValueFactory = _ => "imdb" };
    public Option<string> Model { get; } = new("--model") { Description = $"model name: {string.Join(", ", ModelRegistry.Names)}", DefaultValueFactory = _ => "cnn" };
    public Option<string?> DataDir { get; } = new("--data-dir") { Description = "data directory (else $TICKETLAB_DATA, else the per-user cache)" };
    public Option<string> RunsDir { get; } = new("--runs-dir") { Description = "where run folders go", DefaultValueFactory = _ => "runs" };
    public Option<int> Seed { get; } = new("--seed") { Description = "seed for initialisation, data order, dropout and random masks", DefaultValueFactory = _ => 1 };
    public Option<int?> Epochs { get; } = new("--epochs") { Description = "training epochs per level (default 5; BERT 3)" };
    public Option<int?> BatchSize { get; } = new("--batch-size") { Description = "default 64; BERT 32" };
    public Option<double?> LearningRate { get; } = new("--lr") { Description = "default 1e-3 (Adam); BERT 2e-5 (AdamW, warm-up and linear decay)" };
    public Option<int?> MaxTrainExamples { get; } = new("--max-train-examples") { Description = "use a stratified subset of the train split (smoke runs)" };
    public Option<int?> MaxEvalExamples { get; } = new("--max-eval-examples") { Description = "use a stratified subset of validation and test (smoke runs)" };
    public Option<int?> MaxLength { get; } = new("--max-length") { Description = "tokens kept per example (default 400; BERT 128 WordPiece tokens)" };
    public Option<int> MaxVocab { get; } = new("--max-vocab") { DefaultValueFactory = _ => new DataHparams().MaxVocab };
    public Option<int> MinFreq { get; } = new("--min-freq") { DefaultValueFactory = _ => new DataHparams().MinFreq };
    public Option<int?> Threads { get; } = new("--threads") { Description = "libtorch intra-op threads (default: all cores)" };
    public Option<string?> TextColumn { get; } = new("--text-column") { Description = "csv/tsv/jsonl/parquet: text column name(s) or 1-based index(es), e.g. 2,3" };
    public Option<string?> LabelColumn { get; } = new("--label-column") { Description = "csv/tsv/jsonl/parquet: label column name or 1-based index" };
    public Option<bool> NoHeader { get; } = new("--no-header") { Description = "csv/tsv: the first row is data; columns are numbered from 1" };
    public Option<string?> TestFile { get; } = new("--test-file") { Description = "a separate test file for csv/tsv/jsonl data" };
    public Option<double?> TestFraction { get; } = new("--test-fraction") { Description = "hold out this stratified fraction as test when a dataset has no test file (default 0.2)" };
    public Option<bool> SkipBadRows { get; } = new("--skip-bad-rows") { Description = "skip and count malformed rows instead of stopping at the first" };
    public Option<string?> Vectors { get; } = new("--vectors") { Description = "pre-trained word vectors in GloVe's text format, aligned to the vocabulary" };
    public Option<bool> FreezeVectors { get; } = new("--freeze-vectors") { Description = "keep --vectors fixed while training" };
    public Option<string?> Seeds { get; } = new("--seeds") { Description = "replicates: a count (3 = seeds 1,2,3) or a list (1,7,42); tables then give mean ± std" };
    public Option<bool> Offline { get; } = new("--offline") { Description = "never download; a missing dataset is an error (also: TICKETLAB_OFFLINE=1)" };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { Dataset, Model, DataDir, RunsDir, Seed, Epochs, BatchSize, LearningRate, MaxTrainExamples, MaxEvalExamples, MaxLength, MaxVocab, MinFreq, Threads, TextColumn, LabelColumn, NoHeader, TestFile, TestFraction, SkipBadRows, Vectors, FreezeVectors, Seeds, Offline })
            command.Options.Add(o);
    }

    public RunHparams Bind(ParseResult r, PruningHparams pruning)
    {
        var model = r.GetValue(Model)!.ToLowerInvariant() is var m && m.StartsWith("bert:") ? "bert:" + r.GetValue(Model)![5..] : m;
        var training = ModelDefaults.Training(model);
        var data = ModelDefaults.Data(model);
        return new RunHparams(
            data with
            {
                Dataset = DatasetName(r.GetValue(Dataset)!),
                MaxVocab = r.GetValue(MaxVocab),
                MinFreq = r.GetValue(MinFreq),
                MaxLength = r.GetValue(MaxLength) ?? data.MaxLength,
                MaxTrainExamples = r.GetValue(MaxTrainExamples),
                MaxEvalExamples = r.GetValue(MaxEvalExamples),
                TextColumns = r.GetValue(TextColumn),
                LabelColumn = r.GetValue(LabelColumn),
                NoHeader = r.GetValue(NoHeader),
                TestFile = r.GetValue(TestFile) is { } test ? Path.GetFullPath(test) : null,
                TestFraction = r.GetValue(TestFraction),
                SkipBadRows = r.GetValue(SkipBadRows),
            },
            new ModelHparams(Name: model, Vectors: r.GetValue(Vectors) is { } v ? Path.GetFullPath(v) : null, FreezeEmbedding: r.GetValue(FreezeVectors)),
            training with
            {
                Epochs = r.GetValue(Epochs) ?? training.Epochs,
                BatchSize = r.GetValue(BatchSize) ?? training.BatchSize,
                LearningRate = r.GetValue(LearningRate) ?? training.LearningRate,
            },
            pruning,
            r.GetValue(Seed));
    }

    /// <summary>Lower-cases a dataset's name but not the path after "csv:" and the like.</summary>
    private static string DatasetName(string text)
    {
        int colon = text.IndexOf(':');
        return colon < 0 ? text.ToLowerInvariant() : text[..colon].ToLowerInvariant() + ":" + Path.GetFullPath(text[(colon + 1)..]);
    }

    /// <summary>The seeds to run: --seeds when given, else --seed alone.</summary>
    public IReadOnlyList<int> SeedList(ParseResult r)
    {
        var text = r.GetValue(Seeds);
        if (string.IsNullOrWhiteSpace(text)) return [r.GetValue(Seed)];
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (!parts.All(p => int.TryParse(p, out _))) throw new ArgumentException($"--seeds '{text}' is neither a count nor a list of integers such as 1,2,3");
        var numbers = parts.Select(int.Parse).ToList();
        if (numbers.Count == 1)
            return numbers[0] >= 1 ? Enumerable.Range(1, numbers[0]).ToList() : throw new ArgumentException($"--seeds count must be at least 1 (got {numbers[0]})");
        return numbers.Distinct().Count() == numbers.Count ? numbers : throw new ArgumentException($"--seeds '{text}' repeats a seed");
    }

    public ExperimentOptions Options(ParseResult r, ConsoleProgress progress) => new(
        r.GetValue(DataDir), r.GetValue(RunsDir)!, r.GetValue(Threads), progress, progress, progress.Log,
        DownloaderFor(r.GetValue(Offline), progress));

    /// <summary>Offline when asked (--offline or TICKETLAB_OFFLINE=1), else downloads with progress lines.</summary>
    private static Downloader DownloaderFor(bool offline, ConsoleProgress progress) =>
        offline || Environment.GetEnvironmentVariable("TICKETLAB_OFFLINE") == "1"
            ? Downloader.Offline
            : new Downloader(progress: progress.DownloadProgress());
}
