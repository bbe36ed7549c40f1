using System.Globalization;
using TicketLab.Data;
using TicketLab.Lottery;
using TicketLab.Models.Bert;
using TicketLab.Pruning;
using static TorchSharp.torch;

namespace TicketLab.Bench;

/// <summary>P5 (issue #15), MiniLM structured rows: inference throughput of MiniLM with 50% and 75% of every layer's attention heads
/// and feed-forward neurons removed (L1, weights and biases) and compacted to a smaller BERT, against the dense MiniLM on real IMDb
/// test reviews; predictions checked equal to the masked model's; 1 and 2 threads, libtorch kernels throughout.</summary>
/// <remarks>The weights are the pretrained ones pruned by magnitude, not a trained ticket: speed depends on the shapes only.</remarks>
public static class StructuredBertBench
{
    /// <summary>WordPiece ids per review at most ([CLS] and [SEP] included): MiniLM's usual cut, and it keeps a run within minutes.</summary>
    public const int MaxLength = 128;

    public static BenchReport Run(BenchOptions o, Action<string> log, int reviews = 64, int[]? threadCounts = null)
    {
        var figures = new List<BenchFigure>();
        var h = new DataHparams(MaxTrainExamples: 4, MaxEvalExamples: reviews, MaxLength: MaxLength);
        var splits = ImdbDataset.Load(o.DataDir, h);
        var split = BertEncoding.Encode(splits, Math.Min(o.MaxLength, MaxLength), BertModels.Vocab(BertModels.DefaultName)).Test;
        var batches = Batches.EvaluationPlan(split, o.BatchSize).Select(i => Batches.Collate(split, i, minLength: 1)).ToList();
        using var dense = BertModels.Create(BertModels.DefaultName, splits.ClassNames.Count, seed: 1);
        dense.eval();
        log($"P5 MiniLM structured: {split.Count} test reviews, at most {Math.Min(o.MaxLength, MaxLength)} WordPieces, batch {o.BatchSize}");
        var weights = dense.Parameters().ToDictionary(p => p.Name, p => p.Parameter.detach());
        var map = StructureMap.For(dense);
        using var start = Mask.Dense(dense, new PruningHparams(Scope: PruningScope.Structured).MaskedSet(dense));
        var tickets = SparseBench.StructuredShares.Select(share =>
        {
            var mask = new StructuredPruning(map, StructureNorm.L1).Prune(start, weights, share);
            var ticket = BertModels.Create(BertModels.DefaultName, splits.ClassNames.Count, seed: 1);
            mask.ApplyTo(ticket);
            ticket.eval();
            var compact = StructuredCompaction.Compact(ticket, mask);
            mask.Dispose();
            log(string.Create(CultureInfo.InvariantCulture, $"  {share:P0} removed: {StructuredCompaction.ParameterCount(compact):N0} of {StructuredCompaction.ParameterCount(ticket):N0} parameters; {compact.Config}"));
            return (Share: share, Masked: ticket, Compact: compact);
        }).ToList();
        int before = get_num_threads();
        try
        {
            foreach (int threads in threadCounts ?? (o.Threads is { } only ? [only] : [1, 2]))
            {
                set_num_threads(threads);
                double denseTime = SparseBench.Time(o.Repeats, () => SparseBench.Logits(batches, dense.forward).Dispose());
                log($"{threads} thread(s): dense {denseTime:F3} s");
                foreach (var (share, masked, compact) in tickets)
                {
                    using var expected = SparseBench.Logits(batches, masked.forward);
                    var gap = SparseBench.Gap(expected, compact.forward, batches);
                    double t = SparseBench.Time(o.Repeats, () => SparseBench.Logits(batches, compact.forward).Dispose());
                    string id = string.Create(CultureInfo.InvariantCulture, $"P5-minilm-structured-{share:P0}-t{threads}").Replace(" ", "");
                    figures.Add(new(id, $"MiniLM, {share:P0} of heads and feed-forward neurons removed, compacted, {threads} thread(s): dense time ÷ compact time",
                        denseTime / t, share == 0.5 ? "≥ 1.8" : "report", $"{denseTime:F3} s vs {t:F3} s; max |Δlogit| {gap.Logit:E1}, labels equal: {gap.LabelsEqual}"));
                    log($"  {id}: {denseTime / t:F2}× ({gap.Logit:E1})");
                }
            }
        }
        finally
        {
            set_num_threads(before);
            foreach (var b in batches) b.Dispose();
            foreach (var (_, masked, compact) in tickets)
            {
                masked.Dispose();
                compact.Dispose();
            }
        }
        return new BenchReport(figures);
    }
}
