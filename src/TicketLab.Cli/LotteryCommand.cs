using System.CommandLine;
using TicketLab.Lottery;
using TicketLab.Pruning;

namespace TicketLab.Cli;

/// <summary>`ticketlab lottery`: iterative or one-shot magnitude pruning with rewinding, plus baselines, one table row per level and method.</summary>
internal static class LotteryCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var defaults = new PruningHparams();
        var mode = new Option<string>("--mode") { Description = "iterative (IMP: prune --rate of what remains per level) or one-shot (prune the dense network to each --targets sparsity)", DefaultValueFactory = _ => "iterative" };
        var levels = new Option<int>("--levels") { Description = "iterative: pruning levels after the dense run", DefaultValueFactory = _ => defaults.Levels };
        var rate = new Option<double>("--rate") { Description = "iterative: fraction of the remaining weights pruned per level, in (0, 1)", DefaultValueFactory = _ => defaults.Rate };
        var targets = new Option<string?>("--targets") { Description = "sparsity per level, e.g. 0.2,0.36 (one-shot), or 0.1,0.2,...,0.9 (iterative, 10% of the original weights per level as Chen et al.)" };
        var rewind = new Option<string>("--rewind") { Description = "rewind point: 0 (initialisation), <k>it or <k>ep of the dense run (late rewinding)", DefaultValueFactory = _ => "0" };
        var scope = new Option<string>("--scope") { Description = "global (one threshold) or layerwise (same fraction per tensor)", DefaultValueFactory = _ => "global" };
        var baselines = new Option<string>("--baselines") { Description = "comma list of random-prune, random-reinit, fine-tune, or none", DefaultValueFactory = _ => "random-prune" };
        var randomScope = new Option<string>("--random-scope") { Description = "random-prune baseline: layer (the ticket's per-tensor sparsity) or global", DefaultValueFactory = _ => "layer" };
        var pruneEmbedding = new Option<bool>("--prune-embedding") { Description = "also prune the embedding table" };
        var pruneBiases = new Option<bool>("--prune-biases") { Description = "also prune bias vectors" };
        var pruneOutput = new Option<string>("--prune-output") { Description = "output layer: full (same rate), half (half the rate, as Frankle & Carbin) or none", DefaultValueFactory = _ => "full" };
        var command = new Command("lottery", "Find lottery tickets: train dense, then prune, rewind and retrain level by level, beside random baselines.");
        common.AddTo(command);
        foreach (var o in new Option[] { mode, levels, rate, targets, rewind, scope, baselines, randomScope, pruneEmbedding, pruneBiases, pruneOutput }) command.Options.Add(o);
        command.SetAction(r =>
        {
            var output = r.GetValue(pruneOutput)!.ToLowerInvariant();
            // no prunable flag given: the model's own default (BERT keeps its classifier dense, as Chen et al.)
            PrunableSet? prunable = output == "full" && !r.GetValue(pruneEmbedding) && !r.GetValue(pruneBiases) ? null
                : PrunableSet.Weights
                  | (output == "none" ? 0 : PrunableSet.Output)
                  | (r.GetValue(pruneEmbedding) ? PrunableSet.Embeddings : 0)
                  | (r.GetValue(pruneBiases) ? PrunableSet.Biases : 0);
            var pruning = new PruningHparams(
                Scope: Choice(r.GetValue(scope)!, "--scope", ("global", PruningScope.Global), ("layerwise", PruningScope.Layerwise), ("layer-wise", PruningScope.Layerwise)),
                Rate: r.GetValue(rate),
                Levels: r.GetValue(levels),
                Rewind: RewindPoint.Parse(r.GetValue(rewind)!),
                Prunable: prunable,
                Baselines: ParseBaselines(r.GetValue(baselines)!),
                Mode: Choice(r.GetValue(mode)!, "--mode", ("iterative", PruningMode.Iterative), ("imp", PruningMode.Iterative), ("one-shot", PruningMode.OneShot), ("oneshot", PruningMode.OneShot)),
                Targets: r.GetValue(targets),
                OutputAtHalfRate: Choice(output, "--prune-output", ("full", false), ("half", true), ("none", false)),
                RandomScope: Choice(r.GetValue(randomScope)!, "--random-scope", ("layer", RandomPruneScope.LayerMatched), ("global", RandomPruneScope.Global)));
            if (pruning.Mode == PruningMode.Iterative && pruning.Targets is null && pruning.Levels < 1)
                throw new ArgumentException($"--levels must be at least 1 (got {pruning.Levels}); use `ticketlab train` for a dense run");
            return ExperimentRunner.Execute(common, r, pruning);
        });
        return command;
    }

    private static T Choice<T>(string value, string option, params (string Name, T Value)[] choices)
    {
        foreach (var (name, v) in choices) if (string.Equals(name, value, StringComparison.OrdinalIgnoreCase)) return v;
        throw new ArgumentException($"unknown {option} '{value}'; use {string.Join(", ", choices.Select(c => c.Name))}");
    }

    private static Baselines ParseBaselines(string s) =>
        s.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Aggregate(Baselines.None, (all, b) => all | Choice(b, "--baselines",
            ("none", Baselines.None), ("random-prune", Baselines.RandomPrune), ("random-reinit", Baselines.RandomReinit), ("fine-tune", Baselines.FineTune)));
}
