using TicketLab.Data;
using TicketLab.Hparams;
using TicketLab.Lottery;
using TicketLab.Models;
using TicketLab.Models.Bert;
using TicketLab.Runs;
using TicketLab.Tests.Bert;
using TicketLab.Tests.Data;
using TicketLab.Training;

namespace TicketLab.Tests.Inference;

/// <summary>Tiny lottery runs (dense + one ticket level at 80%, or 50% of the structures) of each exportable family on real IMDb reviews (the fixture, as a
/// user's CSV with labels neg/pos), trained once per test process and shared by the inference and export tests.</summary>
internal static class TrainedRuns
{
    private static readonly TempDir Dir = TempDir.UntilProcessExit();
    private static readonly Lazy<string> Reviews = new(WriteReviews);
    private static readonly Lazy<string> TinyBertDir = new(TinyBert);

    private static readonly Lazy<string> CnnRun = new(() => Train(new ModelHparams(EmbeddingDim: 16, Filters: 8), maxLength: 120));
    private static readonly Lazy<string> LstmRun = new(() => Train(new ModelHparams(Name: "lstm", EmbeddingDim: 16, Hidden: 12), maxLength: 120));
    private static readonly Lazy<string> BertRun = new(() => Train(new ModelHparams(Name: "bert:" + TinyBertDir.Value), maxLength: 64));

    // the same networks pruned by whole structures: half the filters / hidden units / heads and feed-forward neurons of each layer
    private static readonly Lazy<string> StructuredCnnRun = new(() => Train(new ModelHparams(EmbeddingDim: 16, Filters: 8), maxLength: 120, PruningScope.Structured));
    private static readonly Lazy<string> StructuredLstmRun = new(() => Train(new ModelHparams(Name: "lstm", EmbeddingDim: 16, Hidden: 12), maxLength: 120, PruningScope.Structured));
    private static readonly Lazy<string> StructuredBertRun = new(() => Train(new ModelHparams(Name: "bert:" + TinyBertDir.Value), maxLength: 64, PruningScope.Structured));

    /// <summary>The run folders.</summary>
    public static string Cnn => CnnRun.Value;
    public static string Lstm => LstmRun.Value;
    public static string Bert => BertRun.Value;

    /// <summary>The structured runs (--scope structured, level 1 at rate 0.5), by family: cnn, lstm, bert.</summary>
    public static string Structured(string family) => family switch
    {
        "cnn" => StructuredCnnRun.Value,
        "lstm" => StructuredLstmRun.Value,
        "bert" => StructuredBertRun.Value,
        _ => throw new ArgumentException(family),
    };

    /// <summary>The CSV of reviews the runs train on (columns text, label).</summary>
    public static string ReviewsCsv => Reviews.Value;

    /// <summary>The run's data as the pipeline reads it (raw texts with their labels, split as the run split them).</summary>
    public static DatasetSplits Splits(RunHparams h) => DatasetRegistry.Load(h.Data, TestData.Fixtures, Downloader.Offline);

    /// <summary>Real reviews of several lengths (the first <paramref name="count"/> test reviews).</summary>
    public static IReadOnlyList<string> SomeReviews(int count) =>
        [.. File.ReadLines(ReviewsCsv).Skip(1).Take(count).Select(l => l[1..l.LastIndexOf("\",", StringComparison.Ordinal)].Replace("\"\"", "\""))];

    private static string Train(ModelHparams model, int maxLength, PruningScope scope = PruningScope.Global)
    {
        var h = new RunHparams(
            new DataHparams(Dataset: "csv:" + ReviewsCsv, MaxLength: maxLength, MaxVocab: 3000),
            model,
            new TrainingHparams(Epochs: 1, BatchSize: 32, EvalBatchSize: 24),
            new PruningHparams(Scope: scope, Rate: scope == PruningScope.Global ? 0.8 : 0.5, Levels: 1, Baselines: Baselines.None));
        var runs = Dir.Combine("runs");
        return new Experiment(h, new ExperimentOptions(TestData.Fixtures, runs, Downloader: Downloader.Offline)).Run().RunDir;
    }

    private static string WriteReviews()
    {
        var h = new DataHparams(MaxTrainExamples: 200, MaxEvalExamples: 100);
        var splits = ImdbDataset.Load(TestData.Fixtures, h, null, TestData.ImdbFixturePerFolder);
        var path = Dir.Combine("reviews.csv");
        File.WriteAllLines(path, ["text,label", .. splits.Test.Concat(splits.Train)
            .Select(e => $"\"{e.Text.Replace("\"", "\"\"").ReplaceLineEndings(" ")}\",{splits.ClassNames[e.Label]}")]);
        return path;
    }

    // 2 layers, hidden 32, 4 heads, MiniLM's WordPiece vocabulary: a MiniLM-shaped BERT small enough to train in seconds
    private static string TinyBert()
    {
        var dir = Dir.Combine("tiny-bert");
        Directory.CreateDirectory(dir);
        var vocab = BertFixtures.Vocab;
        using var model = new BertClassifier(BertFixtures.Tiny(vocab.Tokens.Count), classes: 2, seed: 3);
        new HfBertDirectory(dir).Save(model, vocab.Tokens);
        return dir;
    }
}
