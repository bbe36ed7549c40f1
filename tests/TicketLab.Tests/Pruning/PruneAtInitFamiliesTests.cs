using TicketLab.Data;
using TicketLab.Hparams;
using TicketLab.Models;
using TicketLab.Models.Bert;
using TicketLab.Pruning;
using TicketLab.Tests.Bert;
using static TorchSharp.torch;

namespace TicketLab.Tests.Pruning;

/// <summary>SNIP, GraSP (double backward) and SynFlow run on every model family, the embedding table prunable too, with finite scores.</summary>
public class PruneAtInitFamiliesTests
{
    public static TheoryData<string> Families => new() { "cnn", "rnn", "lstm", "bert" };

    private static TextClassifier Create(string family) => family == "bert"
        ? new BertClassifier(BertFixtures.Tiny(40), classes: 2, seed: 5)
        : ModelRegistry.Create(new ModelHparams(Name: family, EmbeddingDim: 12, Filters: 4, Hidden: 10), vocabSize: 40, classes: 2, seed: 5);

    [Theory]
    [MemberData(nameof(Families))]
    public void EveryScoreRunsAndEverySelectionIsExact(string family)
    {
        using var model = Create(family);
        using var mask = Mask.Dense(model, Mask.DefaultFor(model) | PrunableSet.Embeddings);
        var ids = new long[] { 5, 9, 2, 7, 0, 0, 3, 3, 8, 1, 6, 4 };
        using var batch = new Batch(tensor(ids, [2, 6]), tensor(new long[] { 0, 1 }), tensor(new long[] { 4, 6 }));
        long count = mask.Total / 2;
        var all = new List<Dictionary<string, Tensor>> { SnipScores.Of(model, mask, [batch]) };
        if (model.HasSecondDerivatives) all.Add(GraspScores.Of(model, mask, [batch]));
        else Assert.Throws<UserException>(() => GraspScores.Of(model, mask, [batch])); // refused before libtorch would abort the process
        Assert.Equal(family != "bert", model.HasSecondDerivatives);
        foreach (var scores in all)
        {
            Assert.Equal(mask.Names, scores.Keys);
            Assert.All(scores.Values, s => Assert.True(s.isfinite().all().item<bool>(), $"{family}: a score is not finite"));
            using var pruned = ScoreSelection.PruneLowest(mask, scores, count);
            Assert.Equal(count, pruned.Total - pruned.Remaining);
        }
        using var synflow = SynFlowPruning.Prune(model, mask, count, length: 6, iterations: 3);
        Assert.Equal(count, synflow.Total - synflow.Remaining);
    }

    [Fact]
    public void ABertRunRefusesGraspAndItsAblationsBeforeTraining()
    {
        foreach (var method in new[] { "grasp", "grasp-shuffle", "grasp-reinit" })
        {
            var e = Assert.Throws<SettingsException>(() => SettingsVocabulary.Bind([new SettingValue("model", "bert"), new SettingValue("baselines", "snip," + method)], RunKind.Lottery));
            Assert.Contains("baselines cannot include " + method + " with bert", e.Message);
        }
        SettingsVocabulary.Bind([new SettingValue("model", "bert"), new SettingValue("baselines", "snip,synflow-reinit")], RunKind.Lottery);
        SettingsVocabulary.Bind([new SettingValue("model", "lstm"), new SettingValue("baselines", "grasp")], RunKind.Lottery);
    }
}
