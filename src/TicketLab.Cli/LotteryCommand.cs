using System.CommandLine;
using TicketLab.Lottery;
using TicketLab.Pruning;

namespace TicketLab.Cli;

/// <summary>`ticketlab lottery`: iterative magnitude pruning with rewinding, plus baselines, one table row per level and method.</summary>
internal static class LotteryCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var levels = new Option<int>("--levels") { Description = "pruning levels after the dense run", DefaultValueFactory = _ => new PruningHparams().Levels };
        var rate = new Option<double>("--rate") { Description = "fraction of the remaining weights pruned per level, in (0, 1)", DefaultValueFactory = _ => new PruningHparams().Rate };
        var rewind = new Option<string>("--rewind") { Description = "rewind point: 0 (initialisation), <k>it or <k>ep of the dense run", DefaultValueFactory = _ => "0" };
        var scope = new Option<string>("--scope") { Description = "global (one threshold) or layerwise", DefaultValueFactory = _ => "global" };
        var baselines = new Option<string>("--baselines") { Description = "baselines per level: random-prune or none", DefaultValueFactory = _ => "random-prune" };
        var pruneEmbedding = new Option<bool>("--prune-embedding") { Description = "also prune the embedding table" };
        var command = new Command("lottery", "Find lottery tickets: train dense, then prune, rewind and retrain level by level, beside random baselines.");
        common.AddTo(command);
        foreach (var o in new Option[] { levels, rate, rewind, scope, baselines, pruneEmbedding }) command.Options.Add(o);
        command.SetAction(r =>
        {
            var pruning = new PruningHparams(
                Scope: ParseScope(r.GetValue(scope)!),
                Rate: r.GetValue(rate),
                Levels: r.GetValue(levels),
                Rewind: RewindPoint.Parse(r.GetValue(rewind)!),
                Prunable: r.GetValue(pruneEmbedding) ? PrunableSet.Default | PrunableSet.Embeddings : PrunableSet.Default,
                Baselines: ParseBaselines(r.GetValue(baselines)!));
            if (pruning.Levels < 1) throw new ArgumentException($"--levels must be at least 1 (got {pruning.Levels}); use `ticketlab train` for a dense run");
            return ExperimentRunner.Execute(common, r, pruning);
        });
        return command;
    }

    private static PruningScope ParseScope(string s) => s.ToLowerInvariant() switch
    {
        "global" => PruningScope.Global,
        "layerwise" or "layer-wise" => PruningScope.Layerwise,
        _ => throw new ArgumentException($"unknown --scope '{s}'; use global or layerwise"),
    };

    private static Baselines ParseBaselines(string s) => s.ToLowerInvariant() switch
    {
        "none" => Baselines.None,
        "random-prune" => Baselines.RandomPrune,
        _ => throw new ArgumentException($"unknown --baselines '{s}'; use random-prune or none"),
    };
}
