using System.CommandLine;
using TicketLab.Data;
using TicketLab.Experiments;
using TicketLab.Lottery;
using TicketLab.Models;
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
    public Option<int> Epochs { get; } = new("--epochs") { Description = "training epochs per level", DefaultValueFactory = _ => new TrainingHparams().Epochs };
    public Option<int> BatchSize { get; } = new("--batch-size") { DefaultValueFactory = _ => new TrainingHparams().BatchSize };
    public Option<double> LearningRate { get; } = new("--lr") { DefaultValueFactory = _ => new TrainingHparams().LearningRate };
    public Option<int?> MaxTrainExamples { get; } = new("--max-train-examples") { Description = "use a stratified subset of the train split (smoke runs)" };
    public Option<int?> MaxEvalExamples { get; } = new("--max-eval-examples") { Description = "use a stratified subset of validation and test (smoke runs)" };
    public Option<int> MaxLength { get; } = new("--max-length") { Description = "tokens kept per example", DefaultValueFactory = _ => new DataHparams().MaxLength };
    public Option<int> MaxVocab { get; } = new("--max-vocab") { DefaultValueFactory = _ => new DataHparams().MaxVocab };
    public Option<int> MinFreq { get; } = new("--min-freq") { DefaultValueFactory = _ => new DataHparams().MinFreq };
    public Option<int?> Threads { get; } = new("--threads") { Description = "libtorch intra-op threads (default: all cores)" };
    public Option<string?> Seeds { get; } = new("--seeds") { Description = "replicates: a count (3 = seeds 1,2,3) or a list (1,7,42); tables then give mean ± std" };
    public Option<bool> Offline { get; } = new("--offline") { Description = "never download; a missing dataset is an error (also: TICKETLAB_OFFLINE=1)" };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { Dataset, Model, DataDir, RunsDir, Seed, Epochs, BatchSize, LearningRate, MaxTrainExamples, MaxEvalExamples, MaxLength, MaxVocab, MinFreq, Threads, Seeds, Offline })
            command.Options.Add(o);
    }

    public RunHparams Bind(ParseResult r, PruningHparams pruning) => new(
        new DataHparams(
            Dataset: r.GetValue(Dataset)!.ToLowerInvariant(),
            MaxVocab: r.GetValue(MaxVocab),
            MinFreq: r.GetValue(MinFreq),
            MaxLength: r.GetValue(MaxLength),
            MaxTrainExamples: r.GetValue(MaxTrainExamples),
            MaxEvalExamples: r.GetValue(MaxEvalExamples)),
        new ModelHparams(Name: r.GetValue(Model)!.ToLowerInvariant()),
        new TrainingHparams(Epochs: r.GetValue(Epochs), BatchSize: r.GetValue(BatchSize), LearningRate: r.GetValue(LearningRate)),
        pruning,
        r.GetValue(Seed));

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
        r.GetValue(Offline) || Environment.GetEnvironmentVariable("TICKETLAB_OFFLINE") == "1"
            ? Downloader.Offline
            : new Downloader(progress: progress.DownloadProgress()));
}
