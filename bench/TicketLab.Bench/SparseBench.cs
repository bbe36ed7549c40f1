using System.Diagnostics;
using System.Globalization;
using TicketLab.Data;
using TicketLab.Inference;
using TicketLab.Models;
using TicketLab.Models.Bert;
using TicketLab.Pruning;
using static TorchSharp.torch;

namespace TicketLab.Bench;

/// <summary>P5 (issue #15): LSTM inference throughput of tickets against the dense network on real IMDb reviews: unstructured tickets
/// through the CSR path, structured ones compacted to a smaller LSTM; predictions checked equal; 1 and 2 threads.</summary>
/// <remarks>The weights are the initialisation pruned by magnitude: speed depends on the shapes and the density, not on the values.
/// Also times the CSR kernel against libtorch's dense matmul per density on the LSTM's shapes, which sets
/// <see cref="SparsePolicy.MaxDensity"/>. <see cref="RunBert"/> (<c>--model bert</c>) gives the same rows for MiniLM.</remarks>
public static class SparseBench
{
    /// <summary>Tokens kept per review in the MiniLM rows ([CLS] and [SEP] included).</summary>
    public const int BertMaxLength = 128;

    public static readonly double[] Sparsities = [0.8, 0.9, 0.95, 0.98];
    public static readonly double[] StructuredShares = [0.5, 0.75];
    public static readonly double[] KernelDensities = [0.02, 0.05, 0.1, 0.2, 0.3, 0.5];

    public static BenchReport Run(BenchOptions o, Action<string> log, int[]? threadCounts = null)
    {
        var figures = new List<BenchFigure>();
        int reviews = o.TrainExamples / 8;   // full: 256 test reviews; tiny: 16
        var h = new DataHparams(MaxTrainExamples: o.TrainExamples, MaxEvalExamples: reviews, MaxLength: o.MaxLength);
        var cacheDir = Directory.CreateTempSubdirectory("ticketlab-bench-p5").FullName;
        var data = ImdbDataset.LoadEncoded(o.DataDir, h, cacheDir, new BasicEnglishTokenizer());
        var m = o.MatmulSize >= 1024 ? new ModelHparams(Name: "lstm") : new ModelHparams(Name: "lstm", EmbeddingDim: 32, Hidden: 32);
        using var dense = new Lstm(data.Vocab.Count, data.ClassNames.Count, m, seed: 1);
        dense.eval();
        var batches = Batches.EvaluationPlan(data.Test, o.BatchSize).Select(i => Batches.Collate(data.Test, i, minLength: 1)).ToList();
        log($"P5: {data.Test.Count} test reviews, max length {o.MaxLength}, batch {o.BatchSize}, LSTM hidden {m.Hidden}, embedding {m.EmbeddingDim}");
        var weights = dense.Parameters().ToDictionary(p => p.Name, p => p.Parameter.detach());
        using var all = Mask.Dense(dense);
        try
        {
            AtThreadCounts(o, threadCounts, threads =>
            {
                using var expected = Logits(batches, dense.forward);
                double denseTime = Time(o.Repeats, () => Logits(batches, dense.forward).Dispose());
                log($"{threads} thread(s): dense {denseTime:F3} s");
                foreach (double sparsity in Sparsities)
                {
                    using var ticket = new Lstm(data.Vocab.Count, data.ClassNames.Count, m, seed: 1);
                    using var mask = new GlobalMagnitudePruning().Prune(all, weights, sparsity);
                    mask.ApplyTo(ticket);
                    ticket.eval();
                    using var masked = Logits(batches, ticket.forward);
                    using var sparse = new SparseLstm(ticket);
                    var gap = Gap(masked, sparse.Logits, batches);
                    double t = Time(o.Repeats, () => Logits(batches, sparse.Logits).Dispose());
                    string id = string.Create(CultureInfo.InvariantCulture, $"P5-lstm-{sparsity:P0}-t{threads}").Replace(" ", "");
                    figures.Add(new(id, $"LSTM ticket {sparsity:P0} unstructured, CSR path, {threads} thread(s): dense time ÷ ticket time",
                        denseTime / t, sparsity == 0.95 ? "≥ 2" : "report", $"{denseTime:F3} s vs {t:F3} s; max |Δlogit| {gap.Logit:E1}, labels equal: {gap.LabelsEqual}"));
                    log($"  {id}: {denseTime / t:F2}× ({gap.Logit:E1}); " + string.Join(", ", sparse.Projections().Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name} {p.Density:F3}{(p.Sparse ? " csr" : "")}"))));
                    sparse.Profile = new SparseLstmProfile();
                    Logits(batches, sparse.Logits).Dispose();
                    var pr = sparse.Profile;
                    log(string.Create(CultureInfo.InvariantCulture, $"    profile of one pass: {pr.Total:F3} s = input products {pr.InputProducts:F3} + recurrent products {pr.RecurrentProducts:F3} + gate arithmetic {pr.GateArithmetic:F3} + rest {pr.Total - pr.InputProducts - pr.RecurrentProducts - pr.GateArithmetic:F3}"));
                    if (sparsity == 0.95)
                    {
                        using var loop = new SparseLstm(ticket, maxDensity: 0);
                        figures.Add(OwnPass($"P5-lstm-loop-t{threads}", $"LSTM, the sparse path's own step loop with dense products, {threads} thread(s): dense time ÷ loop time",
                            loop, batches, denseTime, o.Repeats, log));
                    }
                }
                foreach (double share in StructuredShares)
                {
                    using var ticket = new Lstm(data.Vocab.Count, data.ClassNames.Count, m, seed: 1);
                    using var start = Mask.Dense(ticket, PrunableSet.Default | PrunableSet.Biases);
                    using var mask = new StructuredPruning(StructureMap.For(ticket), StructureNorm.L1).Prune(start, weights, share);
                    mask.ApplyTo(ticket);
                    ticket.eval();
                    using var compact = StructuredCompaction.Compact(ticket, mask);
                    using var masked = Logits(batches, ticket.forward);
                    var gap = Gap(masked, compact.forward, batches);
                    double t = Time(o.Repeats, () => Logits(batches, compact.forward).Dispose());
                    string id = string.Create(CultureInfo.InvariantCulture, $"P5-lstm-structured-{share:P0}-t{threads}").Replace(" ", "");
                    figures.Add(new(id, $"LSTM, {share:P0} of hidden units removed, compacted, {threads} thread(s): dense time ÷ compact time",
                        denseTime / t, share == 0.5 ? "≥ 1.8" : "report", $"{denseTime:F3} s vs {t:F3} s; max |Δlogit| {gap.Logit:E1}, labels equal: {gap.LabelsEqual}"));
                    log($"  {id}: {denseTime / t:F2}× ({gap.Logit:E1})");
                }
                figures.AddRange(Kernel(m, o, threads, log));
            });
        }
        finally
        {
            foreach (var b in batches) b.Dispose();
            Directory.Delete(cacheDir, recursive: true);
        }
        return new BenchReport(figures);
    }

    /// <summary>P5 for the pretrained MiniLM (all-MiniLM-L6-v2, a fresh 2-class head): dense against unstructured tickets through
    /// <see cref="SparseBert"/>, in reviews per second at up to <see cref="BertMaxLength"/> tokens, predictions checked equal.</summary>
    /// <remarks>Each ticket prunes every prunable matrix (Chen et al.'s set) to the same sparsity by magnitude: global magnitude would
    /// prune the fresh pooler away first (its weights are the smallest) and leave every logit 0, which no check could tell apart.</remarks>
    public static BenchReport RunBert(BenchOptions o, Action<string> log, int[]? threadCounts = null)
    {
        var figures = new List<BenchFigure>();
        int reviews = o.TrainExamples / 8;
        var h = new DataHparams(MaxTrainExamples: o.TrainExamples, MaxEvalExamples: reviews, MaxLength: Math.Min(o.MaxLength, BertMaxLength));
        var data = BertEncoding.Encode(ImdbDataset.Load(o.DataDir, h), h.MaxLength, BertModels.Vocab(BertModels.DefaultName));
        using var dense = BertModels.Create(BertModels.DefaultName, data.ClassNames.Count, seed: 1);
        using var ticket = BertModels.Create(BertModels.DefaultName, data.ClassNames.Count, seed: 1);
        dense.eval();
        ticket.eval();
        var batches = Batches.EvaluationPlan(data.Test, o.BatchSize).Select(i => Batches.Collate(data.Test, i, minLength: 1)).ToList();
        int count = data.Test.Count;
        long tokens = batches.Sum(b => b.Lengths.sum().item<long>());
        log($"P5 MiniLM: {count} test reviews, {tokens} tokens (max {h.MaxLength} per review), batch {o.BatchSize}, {dense.Config}");
        var weights = dense.Parameters().ToDictionary(p => p.Name, p => p.Parameter.detach());
        using var all = Mask.Dense(dense);
        try
        {
            AtThreadCounts(o, threadCounts, threads =>
            {
                double denseTime = Time(o.Repeats, () => Logits(batches, dense.forward).Dispose());
                log(string.Create(CultureInfo.InvariantCulture, $"{threads} thread(s): dense {denseTime:F3} s, {count / denseTime:F1} reviews/s"));
                foreach (double sparsity in Sparsities)
                {
                    using var mask = new LayerwiseMagnitudePruning().Prune(all, weights, sparsity);
                    using (no_grad()) foreach (var (name, parameter) in ticket.Parameters()) parameter.copy_(weights[name]);
                    mask.ApplyTo(ticket);
                    using var masked = Logits(batches, ticket.forward);
                    using var sparse = new SparseBert(dense, mask);                            // the dense weights ⊙ the mask
                    var gap = Gap(masked, sparse.Logits, batches);
                    double t = Time(o.Repeats, () => Logits(batches, sparse.Logits).Dispose());
                    int csr = sparse.Projections().Count(p => p.Sparse);
                    string id = string.Create(CultureInfo.InvariantCulture, $"P5-bert-{sparsity:P0}-t{threads}").Replace(" ", "");
                    figures.Add(new(id, $"MiniLM ticket {sparsity:P0} unstructured, CSR path, {threads} thread(s): dense time ÷ ticket time",
                        denseTime / t, sparsity == 0.95 ? "≥ 2 (LSTM or MiniLM)" : "report", string.Create(CultureInfo.InvariantCulture,
                            $"{count / denseTime:F1} vs {count / t:F1} reviews/s; {csr} of {sparse.Projections().Count()} projections CSR; max |Δlogit| {gap.Logit:E1}, labels equal: {gap.LabelsEqual}")));
                    log(string.Create(CultureInfo.InvariantCulture, $"  {id}: {denseTime / t:F2}× ({count / t:F1} reviews/s, {csr} CSR, {gap.Logit:E1})"));
                    if (sparsity == 0.95)
                    {
                        using var loop = new SparseBert(ticket, maxDensity: 0);
                        figures.Add(OwnPass($"P5-bert-loop-t{threads}", $"MiniLM, the sparse path's own pass with dense products, {threads} thread(s): dense time ÷ its time",
                            loop, batches, denseTime, o.Repeats, log));
                    }
                }
            });
        }
        finally
        {
            foreach (var b in batches) b.Dispose();
        }
        return new BenchReport(figures);
    }

    // body at each thread count (--threads, or 1 then 2): libtorch's, which the CSR kernel's row split follows; restored afterwards
    private static void AtThreadCounts(BenchOptions o, int[]? threadCounts, Action<int> body)
    {
        int before = get_num_threads();
        try
        {
            foreach (int threads in threadCounts ?? (o.Threads is { } only ? [only] : [1, 2]))
            {
                set_num_threads(threads);
                body(threads);
            }
        }
        finally
        {
            set_num_threads(before);
        }
    }

    // the CSR kernel against libtorch's dense mm on the recurrent (n = batch) and input (n = batch × time) products of the LSTM
    private static IEnumerable<BenchFigure> Kernel(ModelHparams m, BenchOptions o, int threads, Action<string> log)
    {
        using var generator = new Generator(3);
        foreach (var (name, columns, n) in new[] { ("recurrent", m.Hidden, o.BatchSize), ("input", 2 * m.Hidden, o.BatchSize * Math.Min(o.MaxLength, 100)) })
        {
            using var w = randn(4 * m.Hidden, columns, generator: generator);
            using var x = randn(columns, n, generator: generator);
            int repeats = Math.Max(3, 200_000_000 / (4 * m.Hidden * columns * n / 10 + 1));
            double denseTime = Time(o.Repeats, () => { for (int r = 0; r < repeats; r++) w.mm(x).Dispose(); });
            foreach (double density in KernelDensities)
            {
                using var keep = rand(w.shape, generator: generator).lt(density);
                using var sparse = w.mul(keep);
                var csr = CsrMatrix.FromDense(sparse);
                using var y = empty(w.shape[0], n);
                double t = Time(o.Repeats, () => { for (int r = 0; r < repeats; r++) csr.Multiply(x, y); });
                string id = string.Create(CultureInfo.InvariantCulture, $"P5-kernel-{name}-{density:F2}-t{threads}");
                log($"  {id}: {denseTime / t:F2}×");
                yield return new(id, $"CSR kernel at density {density:F2} on the {name} product [{4 * m.Hidden}×{columns}]·[{columns}×{n}], {threads} thread(s): dense mm time ÷ CSR time",
                    denseTime / t, "report (> 1: CSR gains)", $"{denseTime / repeats * 1e3:F3} ms vs {t / repeats * 1e3:F3} ms");
            }
        }
    }

    // what a sparse path's own pass costs without the CSR kernel (built with maxDensity 0: libtorch's dense products throughout)
    private static BenchFigure OwnPass(string id, string what, ISparseForwardPass pass, List<TicketLab.Data.Batch> batches, double denseTime, int repeats, Action<string> log)
    {
        double l = Time(repeats, () => Logits(batches, pass.Logits).Dispose());
        log($"  {id}: {denseTime / l:F2}×");
        return new(id, what, denseTime / l, "report", $"{denseTime:F3} s vs {l:F3} s");
    }

    internal static Tensor Logits(List<TicketLab.Data.Batch> batches, Func<Tensor, Tensor, Tensor> forward)
    {
        using var _ = no_grad();
        var parts = batches.Select(b => forward(b.Ids, b.Lengths)).ToList();
        var all = cat(parts, 0);
        foreach (var p in parts) p.Dispose();
        return all;
    }

    internal static (double Logit, bool LabelsEqual) Gap(Tensor expected, Func<Tensor, Tensor, Tensor> forward, List<TicketLab.Data.Batch> batches)
    {
        using var logits = Logits(batches, forward);
        double gap = (logits - expected).abs().max().item<float>();
        bool labels = logits.argmax(1).data<long>().ToArray().SequenceEqual(expected.argmax(1).data<long>().ToArray());
        if (gap > 1e-4 || !labels) throw new InvalidOperationException($"P5: predictions differ from the masked model's (max |Δlogit| {gap}, labels equal: {labels})");
        return (gap, labels);
    }

    // the best of `repeats` runs (after one warm-up run), in seconds
    internal static double Time(int repeats, Action run)
    {
        run();
        double best = double.MaxValue;
        for (int r = 0; r < repeats; r++)
        {
            var watch = Stopwatch.StartNew();
            run();
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }
        return best;
    }
}
