using TicketLab.Hparams;
using TicketLab.Lottery;
using TicketLab.Runs;
using TicketLab.Training;
using TicketLab.Tests.Data;

namespace TicketLab.Tests.Runs;

public sealed class StudyFileTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private int _written;

    private string Write(string yaml)
    {
        var path = DataFiles.Write(_dir.Combine($"{_written++}", "study.yaml"), "");
        File.WriteAllText(path, yaml);
        return path;
    }

    [Fact]
    public void GridExpandsOverDatasetsModelsVariantsAndSeeds()
    {
        var study = StudyFile.Load(Write("""
            name: t
            seeds: [1, 2, 3]
            defaults:
              data: { maxTrainExamples: 100 }
              training: { epochs: 2 }
              pruning: { rate: 0.3, baselines: [random-prune, fine-tune] }
            grid:
              dataset: [imdb, ag_news]
              model: [cnn, lstm]
              pruning:
                - { rewind: 0 }
                - { rewind: 1ep, scope: layerwise }
            """));
        Assert.Equal(8, study.Cells.Count);
        Assert.Equal(24, study.Runs().Count());
        Assert.All(study.Cells, c => Assert.Equal(100, c.Data.MaxTrainExamples));
        Assert.All(study.Cells, c => Assert.Equal(2, c.Training.Epochs));
        Assert.All(study.Cells, c => Assert.Equal(Baselines.RandomPrune | Baselines.FineTune, c.Pruning.Baselines));
        Assert.Equal(4, study.Cells.Count(c => c.Pruning.Rewind == RewindPoint.Parse("1ep") && c.Pruning.Scope == PruningScope.Layerwise && c.Pruning.Rate == 0.3));
        Assert.Equal(24, study.Runs().Select(RunIdentity.Name).Distinct().Count());
    }

    [Fact]
    public void ModelDefaultsApplyUnlessTheStudyOverridesThem()
    {
        var study = StudyFile.Load(Write("grid: { model: [bert, cnn] }\ndefaults: { training: { epochs: 1 } }\n"));
        var bert = study.Cells.Single(c => c.Model.Name == "bert");
        Assert.Equal(OptimizerKind.AdamW, bert.Training.Optimizer);
        Assert.Equal(1, bert.Training.Epochs);
        Assert.Equal(128, bert.Data.MaxLength);
        Assert.Equal(new TrainingHparams(Epochs: 1), study.Cells.Single(c => c.Model.Name == "cnn").Training);
    }

    [Fact]
    public void GridVariesAnySettingWithTheFirstAxisOutermost()
    {
        var study = StudyFile.Load(Write("""
            defaults:
              model: lstm
              max-train-examples: 100
              pruning: { randomScope: layer }
            grid:
              model: { hiddenSize: [128, 256] }
              dropout: [0.3, 0.5]
              pruning:
                - { scope: layerwise }
                - { scope: global }
            """));
        Assert.Equal(8, study.Cells.Count);
        Assert.Equal([128, 128, 128, 128, 256, 256, 256, 256], study.Cells.Select(c => c.Model.Hidden));
        Assert.Equal([0.3, 0.3, 0.5, 0.5], study.Cells.Take(4).Select(c => c.Model.Dropout));
        Assert.Equal([PruningScope.Layerwise, PruningScope.Global], study.Cells.Take(2).Select(c => c.Pruning.Scope));
        Assert.All(study.Cells, c => Assert.Equal(("lstm", 100, RandomPruneScope.LayerMatched), (c.Model.Name, c.Data.MaxTrainExamples, c.Pruning.RandomScope)));
        Assert.Equal(8, study.Cells.Select(RunIdentity.Name).Distinct().Count());
    }

    [Fact]
    public void VariantsOfAnySectionAndListValuedAxes()
    {
        var study = StudyFile.Load(Write("""
            defaults: { mode: one-shot }
            grid:
              variants:
                - { model: cnn, filters: 50 }
                - { model: lstm, hidden-size: 64, lr: 0.01 }
              targets: [[0.2, 0.36], [0.5]]
            """));
        Assert.Equal(4, study.Cells.Count);
        Assert.Equal(["0.2,0.36", "0.5", "0.2,0.36", "0.5"], study.Cells.Select(c => c.Pruning.Targets));
        Assert.Equal([50, 50], study.Cells.Where(c => c.Model.Name == "cnn").Select(c => c.Model.Filters));
        Assert.All(study.Cells.Where(c => c.Model.Name == "lstm"), c => Assert.Equal((64, 0.01, 100), (c.Model.Hidden, c.Training.LearningRate, c.Model.Filters)));
    }

    [Fact]
    public void OldCamelCaseKeysAndCliSpelledKeysBuildTheSameRun()
    {
        var old = StudyFile.Load(Write("""
            defaults:
              training: { learningRate: 0.01, batchSize: 32 }
              model: { hidden: 64, freezeEmbedding: true }
              pruning: { scope: Layerwise, mode: OneShot, targets: [0.2, 0.36], randomScope: Global, baselines: [RandomPrune, fineTune] }
            grid: { model: [LSTM] }
            """)).Cells.Single();
        var kebab = StudyFile.Load(Write("""
            defaults:
              lr: 0.01
              batch-size: 32
              hidden-size: 64
              freeze-vectors: true
              scope: layer-wise
              mode: one-shot
              targets: 0.2,0.36
              random-scope: global
              baselines: random-prune,fine-tune
              model: lstm
            """)).Cells.Single();
        Assert.Equal(old, kebab);
        Assert.Equal(RunIdentity.Name(old), RunIdentity.Name(kebab));
        Assert.Equal((PruningScope.Layerwise, PruningMode.OneShot, 64, true), (old.Pruning.Scope, old.Pruning.Mode, old.Model.Hidden, old.Model.FreezeEmbedding));
    }

    [Theory]
    [InlineData("defaults:\n  pruning:\n    rat: 0.2\n", ":3:", "unknown setting 'rat'")]
    [InlineData("defaults:\n  training:\n    epochs: many\n", ":3:", "epochs 'many' is not a whole number")]
    [InlineData("defaults:\n  training:\n    batchSize: 0\n", ":3:", "batchSize must be at least 1 (got 0)")]
    [InlineData("defaults:\n  max-length: -1\n", ":2:", "max-length must be at least 1")]
    [InlineData("defaults:\n  pruning: { rate: 0.5, targets: [0.2] }\n", ":2:", "rate cannot be given with targets")]
    [InlineData("defaults:\n  pruning: { rate: 0.99, levels: 6 }\n", ":2:", "100% sparsity")]
    [InlineData("defaults:\n  pruning: { scope: sideways }\n", ":2:", "'sideways' is not one of global, layerwise")]
    [InlineData("defaults:\n  seed: 3\n", ":2:", "seeds")]
    [InlineData("seeds: []\n", ":1:", "seeds is empty")]
    [InlineData("seeds: [1, 1]\n", ":1:", "seeds repeats a seed")]
    [InlineData("seeds: [[1, 2]]\n", ":1:", "seeds must be a list of integers")]
    [InlineData("? [a, b]\n: 1\n", ":1:", "expected a plain key")]
    [InlineData("name: [a, b]\n", ":1:", "name must be a plain text")]
    [InlineData("defaults:\n  pruning: { baselines: [[random-prune]] }\n", ":2:", "expected a value or a list of values for 'baselines'")]
    [InlineData("grid:\n  dropout: []\n", ":2:", "grid axis 'dropout' lists no values")]
    [InlineData("grid:\n  model: nope\n", ":2:", "model: unknown model 'nope'")]
    [InlineData("grid:\n  dataset: [imdb, Nope]\n", ":2:", "dataset: unknown dataset 'nope'")]
    [InlineData("grid:\n  dataset: [imdb]\n  colour: [red]\n", ":3:", "unknown grid axis 'colour'")]
    [InlineData("defaults:\n  pruning: { rewind: soon }\n", ":2:", "rewind")]
    [InlineData("name: x\nseeds: [1\n", ":", "not valid YAML")]
    [InlineData("defaults:\n  pruning: { rate: 1.5 }\n", ":2:", "rate must be between 0 and 1 exclusive (got 1.5)")]
    public void MistakesNameTheFileAndLine(string yaml, string where, string what)
    {
        var path = Write(yaml);
        var e = Assert.Throws<StudyException>(() => StudyFile.Load(path));
        Assert.Contains(path + where, e.Message);
        Assert.Contains(what, e.Message);
    }

    [Fact]
    public void TheDocumentedExampleParses()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var source = Path.Combine(dir.FullName, "src", "TicketLab", "Runs", "StudyFile.cs");
            if (!File.Exists(source)) continue;
            var lines = File.ReadAllLines(source).SkipWhile(l => !l.Contains("<code>")).Skip(1).TakeWhile(l => !l.Contains("</code>"))
                .Select(l => l.TrimStart().StartsWith("/// ") ? l.TrimStart()[4..] : "");
            var study = StudyFile.Load(Write(string.Join("\n", lines)));
            Assert.Equal(2 * 2 * 2 * 2 * 2 * 2, study.Cells.Count);
            Assert.Equal(128, study.Runs().Select(RunIdentity.Name).Distinct().Count());
            return;
        }
        Assert.Fail("src/TicketLab/Runs/StudyFile.cs not found above the test binaries");
    }

    [Fact]
    public void ShippedStudiesParse()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var experiments = Path.Combine(dir.FullName, "experiments");
            if (!File.Exists(Path.Combine(experiments, "quick.yaml"))) continue;
            var week7 = StudyFile.Load(Path.Combine(experiments, "seed-week7.yaml"));
            Assert.Equal(27, week7.Cells.Count); // 3 datasets × 3 models × 3 pruning variants
            Assert.Contains(week7.Cells, c => c.Pruning.Mode == PruningMode.OneShot && c.Pruning.TargetSparsities().SequenceEqual([0.2, 0.36]));
            Assert.Equal(2, StudyFile.Load(Path.Combine(experiments, "quick.yaml")).Cells.Count);
            foreach (var (file, seeds) in new[] { ("methodology-ag-news.yaml", 2), ("methodology-imdb.yaml", 1) })
            {
                var study = StudyFile.Load(Path.Combine(experiments, file));
                Assert.Equal(4, study.Cells.Count);                 // TextCNN and LSTM × rewind 0 and 1ep
                Assert.Equal(4 * seeds, study.Runs().Count());
            }
            var final = StudyFile.Load(Path.Combine(experiments, "seed-final.yaml"));
            Assert.Equal(8, final.Cells.Count);                     // 2 datasets × 2 models × rewind 0 and 2%
            Assert.Equal(40, final.Runs().Count());                 // × 5 seeds
            Assert.All(final.Cells, c => Assert.True(c.Pruning is { Scope: PruningScope.Layerwise, Rate: 0.2, Levels: 20 }
                && c.Pruning.Prunable!.Value.HasFlag(TicketLab.Pruning.PrunableSet.Embeddings | TicketLab.Pruning.PrunableSet.Biases)));
            Assert.Equal(4, final.Cells.Count(c => c.Pruning.Rewind.ToString() == "2%"));

            // the scoring follow-up differs from the mask comparison only in what its baselines read: each seed's run shares the
            // mask comparison's dense level and ticket chain
            var masks = StudyFile.Load(Path.Combine(experiments, "mask-comparison.yaml")).Runs().ToList();
            var scoring = StudyFile.Load(Path.Combine(experiments, "mask-comparison-scoring.yaml")).Runs().ToList();
            Assert.Equal(masks.Select(h => h.Seed), scoring.Select(h => h.Seed));
            Assert.All(scoring, h => Assert.Equal(67, h.Pruning.ScoringBatches));
            foreach (var (m, s) in masks.Zip(scoring))
            {
                Assert.NotEqual(RunIdentity.Name(m), RunIdentity.Name(s));
                Assert.Equal(DenseUnitKey.OfSettings(m), DenseUnitKey.OfSettings(s));
                Assert.All(Enumerable.Range(1, 6), level => Assert.Equal(ChainUnitKey.OfSettings(m, level, "ticket"), ChainUnitKey.OfSettings(s, level, "ticket")));
            }
            return;
        }
        Assert.Fail("experiments/ not found above the test binaries");
    }
}
