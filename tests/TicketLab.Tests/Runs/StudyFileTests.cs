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

    [Theory]
    [InlineData("defaults:\n  pruning:\n    rat: 0.2\n", ":3:", "unknown setting 'rat'")]
    [InlineData("defaults:\n  training:\n    epochs: many\n", ":3:", "not a valid Int32")]
    [InlineData("grid:\n  dataset: [imdb]\n  colour: [red]\n", ":3:", "unknown grid axis 'colour'")]
    [InlineData("defaults:\n  pruning: { rewind: soon }\n", ":2:", "rewind")]
    [InlineData("name: x\nseeds: [1\n", ":", "not valid YAML")]
    [InlineData("defaults:\n  pruning: { rate: 1.5 }\n", ": pruning settings", "--rate")]
    public void MistakesNameTheFileAndLine(string yaml, string where, string what)
    {
        var path = Write(yaml);
        var e = Assert.Throws<StudyException>(() => StudyFile.Load(path));
        Assert.Contains(path + where, e.Message);
        Assert.Contains(what, e.Message);
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
            return;
        }
        Assert.Fail("experiments/ not found above the test binaries");
    }
}
