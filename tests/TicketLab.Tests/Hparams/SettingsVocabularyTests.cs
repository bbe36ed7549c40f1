using TicketLab.Data;
using TicketLab.Hparams;
using TicketLab.Lottery;
using TicketLab.Models;
using TicketLab.Pruning;
using TicketLab.Runs;
using TicketLab.Training;
using TicketLab.Tests.Data;

namespace TicketLab.Tests.Hparams;

public sealed class SettingsVocabularyTests : IDisposable
{
    private readonly TempDirs _dirs = new();

    public void Dispose() => _dirs.Dispose();

    private static RunHparams Cli(RunKind kind, params string[] args) =>
        SettingsVocabulary.Bind(args.Chunk(2).Select(p => new SettingValue(p[0], p[1])).ToList(), kind);

    [Fact]
    public void EveryHparamIsExactlyOneSettingWithAKebabCaseName()
    {
        var properties = new[] { typeof(DataHparams), typeof(ModelHparams), typeof(TrainingHparams), typeof(PruningHparams) }
            .SelectMany(t => t.GetConstructors().Single().GetParameters().Select(p => $"{t.Name.Replace("Hparams", "")}.{p.Name}"))
            .Append("Seed").ToList();
        foreach (var property in properties)
            Assert.Single(SettingsVocabulary.All, s => s.Property == property);
        Assert.All(SettingsVocabulary.All, s => Assert.Matches("^[a-z]+(-[a-z]+)*$", s.Name));
        // no key is claimed by two settings, so a CLI option and a study key always mean one thing
        var keys = SettingsVocabulary.All.SelectMany(s => s.Aliases.Append(s.Name).Append(s.Property?.Split('.')[^1] ?? s.Name).Select(Setting.Norm).Distinct()).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [Theory]
    [InlineData("scope", "global,layerwise,lamp,structured,structuredl2,structured-l2")]
    [InlineData("random-scope", "layer-matched,global,layer")]
    [InlineData("mode", "iterative,one-shot,imp")]
    [InlineData("optimizer", "adam,adamw")]
    [InlineData("baselines", "random-prune,random-reinit,fine-tune,early-bird,lr-rewind,snip,grasp,synflow,magnitude-init,random-uniform,random-erk,snip-shuffle,snip-reinit,grasp-shuffle,grasp-reinit,synflow-shuffle,synflow-reinit,magnitude-init-shuffle,magnitude-init-reinit,none")]
    [InlineData("prunable", "weights,output,embeddings,biases")]
    public void EnumWordsAreKebabCaseAndRoundTrip(string name, string words)
    {
        var setting = SettingsVocabulary.Get(name);
        Assert.Equal(words.Split(','), setting.Choices());
        foreach (var word in setting.Choices().Where(w => setting.Words.All(x => x.Word != w)))
            Assert.Equal(word, setting.Format(setting.Parse(word)));
        Assert.Equal(setting.Parse(words.Split(',')[0]), setting.Parse(words.Split(',')[0].ToUpperInvariant().Replace("-", "")));
    }

    [Fact]
    public void DefaultsShownInHelpAreTheModelsOwn()
    {
        var lr = SettingsVocabulary.Get("learning-rate");
        Assert.Equal("2e-5", SettingsVocabulary.DefaultText(lr, "bert", RunKind.Lottery));
        Assert.Equal("0.001", SettingsVocabulary.DefaultText(lr, "cnn", RunKind.Lottery));
        Assert.Equal("128", SettingsVocabulary.DefaultText(SettingsVocabulary.Get("max-length"), "BERT", RunKind.Dense));
        Assert.Equal("0", SettingsVocabulary.DefaultText(SettingsVocabulary.Get("levels"), "cnn", RunKind.Dense));
    }

    [Fact]
    public void TheCommandLineAndAStudyFileNameTheSameExperimentAlike()
    {
        var dir = _dirs.New();
        File.WriteAllText(Path.Combine(dir, "reviews.csv"), "text,label\ngood film,pos\nbad film,neg\n");
        File.WriteAllText(Path.Combine(dir, "vectors.txt"), "film 0.1 0.2\n");
        var csv = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(dir, "reviews.csv"));
        var vectors = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(dir, "vectors.txt"));

        var cli = Cli(RunKind.Lottery, "--dataset", "CSV:" + csv, "--model", "LSTM", "--lr", "0.01", "--scope", "layer-wise", "--random-scope", "layer",
            "--vectors", vectors, "--hidden-size", "64", "--prune-output", "half", "--seed", "3");
        var study = Path.Combine(dir, "study.yaml");
        File.WriteAllText(study, $"""
            seeds: [3]
            defaults:
              training: {"{"} learningRate: 0.01 {"}"}
              model: {"{"} vectors: {vectors}, hidden: 64 {"}"}
              pruning: {"{"} scope: layerwise, randomScope: layer-matched, prune-output: half {"}"}
            grid:
              dataset: [csv:{csv}]
              model: [lstm]
            """);
        var fromFile = StudyFile.Load(study).Runs().Single();
        Assert.Equal(RunIdentity.Name(cli), RunIdentity.Name(fromFile));
        Assert.Equal("csv:" + Path.Combine(dir, "reviews.csv"), fromFile.Data.Dataset);   // full path after the scheme
        Assert.Equal(Path.Combine(dir, "vectors.txt"), fromFile.Model.Vectors);
        Assert.Equal("lstm", cli.Model.Name);
    }

    [Theory]
    [InlineData("", null, false)]                                           // nothing given: the model's own set (BERT: weights only)
    [InlineData("--prune-output half", PrunableSet.Weights | PrunableSet.Output, true)]
    [InlineData("--prune-embedding true", PrunableSet.Weights | PrunableSet.Output | PrunableSet.Embeddings, false)]
    [InlineData("--prune-output none --prune-biases true", PrunableSet.Weights | PrunableSet.Biases, false)]
    [InlineData("--prunable weights,embeddings", PrunableSet.Weights | PrunableSet.Embeddings, false)]
    public void PruningShortcutsSetWhatTheOldOptionsSet(string args, PrunableSet? prunable, bool halfRate)
    {
        var h = Cli(RunKind.Lottery, args.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal((prunable, halfRate), (h.Pruning.Prunable, h.Pruning.OutputAtHalfRate));
    }

    [Theory]
    [InlineData(0.99, 6, 3)]
    [InlineData(0.5, 20, 14)]   // 10,000 → 5,000 → … → 2 → 1 → 0 (rounding half away from zero, as PruningRate)
    [InlineData(0.99, 2, null)]
    [InlineData(0.2, 20, null)]   // 1.15% of the weights left: a deep but real ticket
    public void ASchedulePruningALayerToNothingIsRefused(double rate, int levels, int? emptiedAt)
    {
        var problems = new PruningHparams(Rate: rate, Levels: levels).Problems().ToList();
        if (emptiedAt is null) { Assert.Empty(problems); return; }
        var (property, problem) = Assert.Single(problems);
        Assert.Equal("Levels", property);
        Assert.Contains($"by level {emptiedAt} (100% sparsity)", problem);
    }

    [Theory]
    [InlineData(RunKind.Lottery, new[] { "--levels", "0" }, "--levels must be at least 1 for a lottery run")]
    [InlineData(RunKind.Dense, new[] { "--rate", "0.3" }, "--rate is a pruning setting")]
    [InlineData(RunKind.Lottery, new[] { "--levels", "3", "--targets", "0.2,0.4" }, "--levels cannot be given with --targets")]
    [InlineData(RunKind.Lottery, new[] { "--min-length", "3", "--filter-widths", "3,7" }, "--min-length must be at least the widest filter (7)")]
    [InlineData(RunKind.Lottery, new[] { "--model", "bert", "--max-length", "1000" }, "--max-length must be at most 512")]
    [InlineData(RunKind.Lottery, new[] { "--colour", "red" }, "unknown setting '--colour'")]
    [InlineData(RunKind.Lottery, new[] { "--epochs", "two" }, "--epochs 'two' is not a whole number")]
    public void BindRefusesWhatNoRunCanUse(RunKind kind, string[] args, string message)
    {
        var e = Assert.Throws<SettingsException>(() => Cli(kind, args));
        Assert.StartsWith(message, e.Message);
        Assert.IsAssignableFrom<UserException>(e);
    }

    [Fact]
    public void ValidateNamesTheOptionForRunsBuiltInCode()
    {
        var h = new RunHparams(new DataHparams(), new ModelHparams(), new TrainingHparams(BatchSize: 0), new PruningHparams());
        Assert.Equal("--batch-size must be at least 1 (got 0)", Assert.Throws<SettingsException>(h.Validate).Message);
        (h with { Training = new TrainingHparams() }).Validate();
    }

    [Theory]
    [InlineData("3", new[] { 1, 2, 3 })]
    [InlineData("7,1", new[] { 7, 1 })]
    public void SeedListsAreCountsOrLists(string text, int[] seeds) => Assert.Equal(seeds, SeedList.Parse(text));

    [Theory]
    [InlineData("100000000", "--seeds count must be between 1 and 1000")]
    [InlineData("0", "--seeds count must be between 1 and 1000")]
    [InlineData("1,1", "--seeds repeats a seed")]
    [InlineData("1,x", "--seeds '1,x' is neither")]
    public void SeedListsAreBounded(string text, string message) =>
        Assert.StartsWith(message, Assert.Throws<SettingsException>(() => SeedList.Parse(text)).Message);

    [Fact]
    public void ThreadsAreBetweenOneAndTheProcessorCount()
    {
        Assert.Null(ThreadCount.Validate(null));
        Assert.Equal(1, ThreadCount.Validate(1));
        Assert.Equal(Environment.ProcessorCount, ThreadCount.Validate(Environment.ProcessorCount));
        foreach (var bad in new[] { 0, -1, Environment.ProcessorCount + 1, 100_000 })
            Assert.StartsWith("--threads must be between 1 and", Assert.Throws<SettingsException>(() => ThreadCount.Validate(bad)).Message);
    }
}
