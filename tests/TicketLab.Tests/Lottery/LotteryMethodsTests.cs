using TicketLab.Hparams;
using TicketLab.Lottery;
using TicketLab.Reporting;

namespace TicketLab.Tests.Lottery;

/// <summary>The method registry against every place a method is named: results, the --baselines setting, report order.</summary>
public class LotteryMethodsTests
{
    [Fact]
    public void NamesAreUniqueAndFindTheirMethod()
    {
        var names = LotteryMethods.All.Select(m => m.Name).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        // one type per method, but for the ablations, one type each applied to several methods' masks
        var ablations = new[] { typeof(ShuffleMethod), typeof(ReinitMethod) };
        Assert.All(LotteryMethods.All.GroupBy(m => m.GetType()), g => Assert.True(g.Count() == 1 || ablations.Contains(g.Key), g.Key.Name));
        Assert.All(LotteryMethods.All, m => Assert.Same(m, LotteryMethods.Find(m.Name)));
        Assert.Null(LotteryMethods.Find("no-such-method"));
        // the names results and level files have always used
        Assert.Equal([Methods.Dense, Methods.DenseRewind, Methods.Ticket, Methods.RandomPrune, Methods.RandomReinit, Methods.FineTune], names.Take(6));
        Assert.Equal(["dense", "dense-rewind", "ticket", "random-prune", "random-reinit", "fine-tune", "early-bird", "lr-rewind",
            "snip", "grasp", "synflow", "magnitude-init", "random-uniform", "random-erk",
            "snip-shuffle", "snip-reinit", "grasp-shuffle", "grasp-reinit", "synflow-shuffle", "synflow-reinit", "magnitude-init-shuffle", "magnitude-init-reinit"], names);
    }

    [Fact]
    public void EveryWordTheBaselinesSettingAcceptsIsAnOptionalMethodAndBack()
    {
        var setting = SettingsVocabulary.Get("baselines");
        Assert.Equal([.. LotteryMethods.Optional.Select(m => m.Name), "none"], setting.Choices());
        foreach (var method in LotteryMethods.Optional)
        {
            Assert.Equal(method.Baseline, setting.Parse(method.Name));
            Assert.Equal(method.Name, setting.Format(method.Baseline)); // the text a run name hashes
        }
        Assert.Equal(Baselines.None, setting.Parse("none"));
        var every = (Baselines)setting.Parse(string.Join(",", LotteryMethods.Optional.Select(m => m.Name)))!;
        Assert.Equal(LotteryMethods.Optional.Select(m => m.Name), LotteryMethods.Plan(new PruningHparams(Levels: 1, Baselines: every)).Skip(2).Select(p => p.Method.Name));
        // each flag switches on exactly one method
        foreach (var flag in Enum.GetValues<Baselines>().Where(f => f != Baselines.None))
            Assert.Single(LotteryMethods.All, m => m.Baseline == flag);
        Assert.Contains(string.Join(", ", LotteryMethods.Optional.Select(m => m.Name)), setting.Description); // --help lists them all
    }

    [Fact]
    public void ReportsOrderMethodsAsTheRegistryThenNewOnesByName()
    {
        Assert.Equal(["dense", "ticket", "random-prune", "random-reinit", "fine-tune", "a-new-one", "z-new-one"],
            MethodOrder.Sort(["z-new-one", "fine-tune", "random-reinit", "ticket", "a-new-one", "random-prune", "dense", "ticket"]));
        Assert.All(LotteryMethods.All, m => Assert.Equal(LotteryMethods.All.ToList().IndexOf(m), MethodOrder.Rank(m.Name)));
    }
}
