using System.Diagnostics;
using System.Globalization;
using TicketLab.Data;
using TicketLab.Hparams;
using TicketLab.Models;
using TicketLab.Models.Bert;
using TicketLab.Training;
using static TorchSharp.torch;

namespace TicketLab.Bench;

/// <summary>P8: MiniLM fine-tuning's FLOP rate against the fp32 matmul rate, and evaluation reviews/s at 128 tokens, on real IMDb reviews.</summary>
public static class BertBench
{
    private const int Seed = 1;

    public static BenchReport Run(BenchOptions o, Action<string> log)
    {
        if (o.Threads is { } t) set_num_threads(t);
        var cacheDir = Directory.CreateTempSubdirectory("ticketlab-bench-bert").FullName;
        try
        {
            var h = ModelDefaults.Data(BertModels.DefaultName) with { MaxTrainExamples = o.TrainExamples, MaxEvalExamples = o.TrainExamples };
            var data = BertEncoding.LoadOrBuild(h, o.DataDir, null, BertModels.Vocab(BertModels.DefaultName), cacheDir);
            var training = ModelDefaults.Training(BertModels.DefaultName) with { Epochs = 1 };
            var config = BertModels.Config(BertModels.DefaultName);
            // validation is part of the trainer's epoch; keep it small so the epoch is mostly training steps (its FLOPs are counted too)
            var validation = Harness.Take(data.Validation, Math.Min(64, data.Validation.Count));
            var trainData = data with { Validation = validation };
            log($"threads {get_num_threads()}, {data.Train.Count} train reviews, max length {h.MaxLength}, batch {training.BatchSize}, " +
                $"mean length {data.Train.Ids.Average(i => i.Length):F1} tokens");

            double matmul = Harness.MatmulGflops(o.MatmulSize);
            double epoch = double.MaxValue;
            for (int r = 0; r < o.Repeats; r++)
            {
                using var model = ModelRegistry.Create(new ModelHparams(Name: BertModels.DefaultName), data.Vocab.Count, data.ClassNames.Count, Seed);
                var (result, best) = new Trainer(training).Train(model, trainData, new TrainingStart(Seed, null));
                best.Dispose();
                epoch = Math.Min(epoch, result.Epochs[0].Seconds);
            }
            double flops = 3 * ForwardFlops(config, data.Train, Harness.Plan(data.Train, training, training.Bucketing), training.MinLength)
                         + ForwardFlops(config, validation, Batches.EvaluationPlan(validation, training.EvalBatchSize), training.MinLength);
            double rate = flops / epoch / 1e9;

            double evalSeconds = double.MaxValue;
            var evalSplit = data.Test;
            using (var model = ModelRegistry.Create(new ModelHparams(Name: BertModels.DefaultName), data.Vocab.Count, data.ClassNames.Count, Seed))
            {
                Evaluator.Evaluate(model, Harness.Take(evalSplit, Math.Min(16, evalSplit.Count)), training); // warm-up
                for (int r = 0; r < o.Repeats; r++)
                {
                    var watch = Stopwatch.StartNew();
                    Evaluator.Evaluate(model, evalSplit, training);
                    evalSeconds = Math.Min(evalSeconds, watch.Elapsed.TotalSeconds);
                }
            }
            double evalLength = evalSplit.Ids.Average(i => i.Length);
            double evalRate = ForwardFlops(config, evalSplit, Batches.EvaluationPlan(evalSplit, training.EvalBatchSize), training.MinLength) / evalSeconds / 1e9;
            return new BenchReport([
                new("P8-train", "MiniLM fine-tuning GFLOP/s ÷ fp32 matmul GFLOP/s", rate / matmul, "≥ 0.5",
                    string.Create(CultureInfo.InvariantCulture, $"{rate:F1} vs {matmul:F1} GFLOP/s; epoch {epoch:F2} s over {data.Train.Count} reviews")),
                new("P8-eval", "MiniLM evaluation, reviews/s at ≤ 128 tokens", evalSplit.Count / evalSeconds, "≥ 70",
                    string.Create(CultureInfo.InvariantCulture, $"{evalSplit.Count} test reviews, mean {evalLength:F1} tokens, batch {training.EvalBatchSize}, {evalSeconds:F2} s; {evalRate:F1} GFLOP/s = {evalRate / matmul:F2} of the matmul rate")),
            ]);
        }
        finally
        {
            Directory.Delete(cacheDir, recursive: true);
        }
    }

    /// <summary>Multiply-adds ×2 of one forward pass over the padded batches of <paramref name="plan"/>: per layer the Q, K, V and output
    /// projections, the two feed-forward products and the two attention products (QKᵀ, AV); embeddings, pooler and head are left out.</summary>
    internal static double ForwardFlops(BertConfig c, EncodedSplit split, IEnumerable<int[]> plan, int minLength)
    {
        double flops = 0;
        foreach (var indices in plan)
        {
            double length = Math.Max(minLength, indices.Max(i => split.Ids[i].Length));
            double tokens = indices.Length * length;
            double perToken = 4.0 * c.HiddenSize * c.HiddenSize + 2.0 * c.HiddenSize * c.IntermediateSize + 2.0 * length * c.HiddenSize;
            flops += 2.0 * tokens * perToken * c.NumHiddenLayers;
        }
        return flops;
    }
}
