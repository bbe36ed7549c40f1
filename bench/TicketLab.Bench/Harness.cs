using System.Diagnostics;
using System.Globalization;
using TicketLab.Data;
using TicketLab.Models;
using TicketLab.Pruning;
using TicketLab.Training;
using static TorchSharp.torch;

namespace TicketLab.Bench;

/// <summary>Measures TicketLab against a bare TorchSharp loop and the machine's matmul rate, in one process on the same batches.</summary>
public static class Harness
{
    private const int Seed = 1;

    public static BenchReport Run(BenchOptions o, Action<string> log)
    {
        if (o.Threads is { } t) set_num_threads(t);
        var figures = new List<BenchFigure>();
        var h = new DataHparams(MaxTrainExamples: o.TrainExamples, MaxEvalExamples: 64, MaxLength: o.MaxLength);
        var cacheDir = Directory.CreateTempSubdirectory("ticketlab-bench").FullName;
        var data = ImdbDataset.LoadEncoded(o.DataDir, h, cacheDir, new BasicEnglishTokenizer());
        var training = new TrainingHparams(Epochs: 1, BatchSize: o.BatchSize);
        var cnn = new ModelHparams();
        log($"threads {get_num_threads()}, {data.Train.Count} train examples, max length {o.MaxLength}, batch {o.BatchSize}");

        // P1: the library's epoch against the minimal loop, alternating so drift hits both.
        double lib = double.MaxValue, bare = double.MaxValue;
        for (int r = 0; r < o.Repeats; r++)
        {
            lib = Math.Min(lib, LibraryEpoch(data, cnn, training, mask: 0));
            bare = Math.Min(bare, MinimalEpoch(data, cnn, training));
        }
        figures.Add(new("P1", "TicketLab epoch ÷ minimal TorchSharp loop on the same batches (TextCNN)", lib / bare, "≤ 1.05", $"{lib:F2} s vs {bare:F2} s"));
        double unbucketed = double.MaxValue;
        for (int r = 0; r < o.Repeats; r++) unbucketed = Math.Min(unbucketed, LibraryEpoch(data, cnn, training with { Bucketing = false }, mask: 0));
        figures.Add(new("bucketing", "epoch with length bucketing ÷ without (TextCNN)", lib / unbucketed, "report", $"{lib:F2} s vs {unbucketed:F2} s"));

        // P2: a masked (80% sparse) epoch against a dense one.
        double masked = double.MaxValue;
        for (int r = 0; r < o.Repeats; r++) masked = Math.Min(masked, LibraryEpoch(data, cnn, training, mask: 0.8));
        figures.Add(new("P2", "masked (80% sparse) epoch ÷ dense epoch (TextCNN)", masked / lib, "≤ 1.05", $"{masked:F2} s vs {lib:F2} s"));

        // P3: achieved training FLOP rate against libtorch's fp32 matmul rate here.
        double matmul = MatmulGflops(o.MatmulSize);
        double cnnRate = CnnTrainingFlops(data.Train, cnn, training) / lib / 1e9;
        figures.Add(new("P3-cnn", "TextCNN training GFLOP/s ÷ fp32 matmul GFLOP/s", cnnRate / matmul, "≥ 0.5", $"{cnnRate:F1} vs {matmul:F1} GFLOP/s"));
        var lstm = new ModelHparams(Name: "lstm");
        var lstmData = data with { Train = Take(data.Train, Math.Min(data.Train.Count, Math.Max(o.BatchSize, o.TrainExamples / 8))) };
        double lstmEpoch = LibraryEpoch(lstmData, lstm, training, mask: 0);
        double lstmRate = LstmTrainingFlops(lstmData.Train, lstm) / lstmEpoch / 1e9;
        figures.Add(new("P3-lstm", "LSTM training GFLOP/s ÷ fp32 matmul GFLOP/s", lstmRate / matmul, "report", $"{lstmRate:F1} vs {matmul:F1} GFLOP/s"));

        // P4: all of IMDb (50,000 reviews) to token ids, cold and from the cache.
        if (o.Tokenization)
        {
            var full = new DataHparams();
            var coldDir = Directory.CreateTempSubdirectory("ticketlab-bench-p4").FullName;
            var watch = Stopwatch.StartNew();
            ImdbDataset.LoadEncoded(o.DataDir, full, coldDir, new BasicEnglishTokenizer());
            double cold = watch.Elapsed.TotalSeconds;
            watch.Restart();
            ImdbDataset.LoadEncoded(o.DataDir, full, coldDir, new BasicEnglishTokenizer());
            double warm = watch.Elapsed.TotalSeconds;
            figures.Add(new("P4-cold", "IMDb 50,000 reviews → ids, cold (read archive, tokenise, vocabulary, encode, write cache), s", cold, "≤ 3", ""));
            figures.Add(new("P4-cache", "IMDb 50,000 reviews → ids from the cache, s", warm, "≤ 0.5", ""));
            Directory.Delete(coldDir, recursive: true);
        }

        var reference = PyTorchReference.Find(out var skipped);
        if (reference is null) log(skipped);
        else
        {
            // P7: the same model, initial weights, batches and optimiser in PyTorch; each epoch alternates with TicketLab's.
            figures.AddRange(AgainstPyTorch(reference, "P7-cnn", "TextCNN", data, cnn, training, o.ReferenceTiming ? o.Repeats : 0));
            figures.AddRange(AgainstPyTorch(reference, "P7-lstm", "LSTM (2 layers, bidirectional, padded nn.LSTM)", lstmData, lstm, training, o.ReferenceTiming ? o.Repeats : 0));
        }

        foreach (var name in new[] { "cnn", "rnn", "lstm" })
        {
            using var model = ModelRegistry.Create(new ModelHparams(Name: name), data.Vocab.Count, data.ClassNames.Count, Seed);
            Evaluator.Evaluate(model, Take(data.Train, Math.Min(64, data.Train.Count)), training); // warm-up
            var watch = Stopwatch.StartNew();
            Evaluator.Evaluate(model, data.Train, training);
            figures.Add(new($"eval-{name}", $"{name} evaluation throughput, examples/s", data.Train.Count / watch.Elapsed.TotalSeconds, "report", $"{data.Train.Count} examples, batch {training.EvalBatchSize}"));
        }
        Directory.Delete(cacheDir, recursive: true);
        return new BenchReport(figures, reference is null ? skipped : null);
    }

    /// <summary>
    /// The epoch ratio against PyTorch, alternating TicketLab (through <see cref="Trainer"/>) with the reference, best of each; and the parity check: both sides' loss on the first batch before and after one Adam step,
    /// dropout off, from the same weights.
    /// </summary>
    private static IEnumerable<BenchFigure> AgainstPyTorch(PyTorchReference reference, string id, string what,
        EncodedDataset data, ModelHparams m, TrainingHparams t, int repeats)
    {
        var dir = Directory.CreateTempSubdirectory("ticketlab-p7").FullName;
        try
        {
            var trainPlan = Plan(data.Train, t, t.Bucketing);
            var validationPlan = Batches.EvaluationPlan(data.Validation, t.EvalBatchSize);
            var noDropout = m with { Dropout = 0 };
            double[] ours;
            using (var model = ModelRegistry.Create(noDropout, data.Vocab.Count, data.ClassNames.Count, Seed))
            {
                PyTorchReference.Export(dir, model, noDropout, data.Vocab.Count, data.ClassNames.Count, t, data.Train, trainPlan.Take(1).ToList(), data.Validation, []);
                ours = FirstStepLosses(model, data.Train, trainPlan[0], t);
            }
            var theirs = reference.ParityLosses(dir);
            double gap = ours.Zip(theirs, (a, b) => Math.Abs(a - b)).Max();
            yield return new($"{id}-parity", $"{what}: |TicketLab − PyTorch| loss on one batch, before and after one Adam step, same weights", gap, "≤ 1e-4",
                string.Create(CultureInfo.InvariantCulture, $"{ours[0]:F6}/{ours[1]:F6} vs {theirs[0]:F6}/{theirs[1]:F6}"));

            if (repeats == 0) yield break;
            using (var model = ModelRegistry.Create(m, data.Vocab.Count, data.ClassNames.Count, Seed))
                PyTorchReference.Export(dir, model, m, data.Vocab.Count, data.ClassNames.Count, t, data.Train, trainPlan, data.Validation, validationPlan);
            double ticketLab = double.MaxValue, pytorch = double.MaxValue;
            for (int r = 0; r < repeats; r++)
            {
                ticketLab = Math.Min(ticketLab, LibraryEpoch(data, m, t, mask: 0));
                pytorch = Math.Min(pytorch, reference.Epoch(dir));
            }
            yield return new(id, $"TicketLab epoch ÷ PyTorch epoch on the same batches ({what}, {data.Train.Count} reviews)", ticketLab / pytorch,
                id == "P7-cnn" ? "≤ 0.9" : "≤ 0.7", $"{ticketLab:F2} s vs {pytorch:F2} s");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Loss on one batch in training mode, then again after one step of the trainer's optimiser.</summary>
    private static double[] FirstStepLosses(TextClassifier model, EncodedSplit split, int[] indices, TrainingHparams t)
    {
        using var optimizer = OptimizerFactory.Create(model, t);
        using var batch = Batches.Collate(split, indices, t.MinLength);
        model.train();
        using var scope = NewDisposeScope();
        var before = nn.functional.cross_entropy(model.forward(batch.Ids, batch.Lengths), batch.Labels);
        optimizer.zero_grad();
        before.backward();
        optimizer.step();
        var after = nn.functional.cross_entropy(model.forward(batch.Ids, batch.Lengths), batch.Labels);
        return [before.item<float>(), after.item<float>()];
    }

    /// <summary>One epoch through <see cref="Trainer"/>; the epoch's own time, without the final test pass.</summary>
    private static double LibraryEpoch(EncodedDataset data, ModelHparams m, TrainingHparams t, double mask)
    {
        using var model = ModelRegistry.Create(m, data.Vocab.Count, data.ClassNames.Count, Seed);
        using var dense = Mask.Dense(model, PrunableSet.Default);
        using var sparse = mask > 0 ? new GlobalMagnitudePruning().Prune(dense, model.Parameters().ToDictionary(p => p.Name, p => p.Parameter.detach()), mask) : null;
        var (result, best) = new Trainer(t).Train(model, data, new TrainingStart(Seed, sparse));
        best.Dispose();
        return result.Epochs[0].Seconds;
    }

    /// <summary>The smallest honest training loop: same model, batches and optimiser, nothing else.</summary>
    private static double MinimalEpoch(EncodedDataset data, ModelHparams m, TrainingHparams t)
    {
        using var model = ModelRegistry.Create(m, data.Vocab.Count, data.ClassNames.Count, Seed);
        using var optimizer = optim.Adam(model.parameters(), t.LearningRate);
        var watch = Stopwatch.StartNew();
        model.train();
        foreach (var indices in Plan(data.Train, t, bucketing: t.Bucketing))
        {
            using var scope = NewDisposeScope();
            using var batch = Batches.Collate(data.Train, indices, t.MinLength);
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(model.forward(batch.Ids, batch.Lengths), batch.Labels);
            loss.backward();
            optimizer.step();
        }
        Evaluator.Evaluate(model, data.Validation, t); // the library's epoch includes this validation pass
        return watch.Elapsed.TotalSeconds;
    }

    /// <summary>The batches the trainer takes in epoch 0, so both loops see the same ones.</summary>
    internal static IReadOnlyList<int[]> Plan(EncodedSplit split, TrainingHparams t, bool bucketing) => bucketing
        ? Batches.BucketedPlan(split, t.BatchSize, Seed, epoch: 0)
        : Batches.Plan(split.Count, t.BatchSize, shuffle: true, seed: Seed, epoch: 0);

    internal static double MatmulGflops(int n)
    {
        using var a = randn(n, n);
        using var b = randn(n, n);
        for (int i = 0; i < 3; i++) a.matmul(b).Dispose();
        int reps = Math.Max(5, (int)(2e10 / (2.0 * n * n * n)));
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < reps; i++) a.matmul(b).Dispose();
        return 2.0 * n * n * n * reps / watch.Elapsed.TotalSeconds / 1e9;
    }

    /// <summary>Forward convolution multiply-adds per padded batch, ×3 for forward + both backward products.</summary>
    private static double CnnTrainingFlops(EncodedSplit split, ModelHparams m, TrainingHparams t)
    {
        double flops = 0;
        foreach (var indices in Plan(split, t, t.Bucketing))
        {
            int length = Math.Max(t.MinLength, indices.Max(i => split.Ids[i].Length));
            foreach (var k in m.Widths())
                flops += 2.0 * indices.Length * m.Filters * m.EmbeddingDim * k * (length - k + 1);
        }
        return 3 * flops;
    }

    /// <summary>Gate matmuls over the real (packed) tokens of every layer and direction, ×3 for training.</summary>
    private static double LstmTrainingFlops(EncodedSplit split, ModelHparams m)
    {
        long tokens = split.Ids.Sum(ids => (long)ids.Length);
        double perToken = 0;
        for (int layer = 0; layer < (m.Layers ?? 2); layer++)
        {
            int input = layer == 0 ? m.EmbeddingDim : 2 * m.Hidden;
            perToken += 2 * 2.0 * 4 * m.Hidden * (input + m.Hidden); // two directions
        }
        return 3 * perToken * tokens;
    }

    internal static EncodedSplit Take(EncodedSplit s, int n) => new(s.Ids[..n], s.Labels[..n]);

    internal static string Describe(BenchReport report) =>
        string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} cores\n\n{report.ToMarkdown()}");
}
