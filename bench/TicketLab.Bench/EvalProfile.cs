using System.Diagnostics;
using System.Globalization;
using TicketLab.Data;
using TicketLab.Models;
using TicketLab.Training;
using static TorchSharp.torch;

namespace TicketLab.Bench;

/// <summary>Where an evaluation pass spends its time (collate, forward, loss and host syncs), and no_grad against inference mode, alternated.</summary>
public static class EvalProfile
{
    public static void Run(BenchOptions o, Action<string> log)
    {
        if (o.Threads is { } t) set_num_threads(t);
        var h = new DataHparams(MaxTrainExamples: o.TrainExamples, MaxEvalExamples: 64, MaxLength: o.MaxLength);
        var cacheDir = Directory.CreateTempSubdirectory("ticketlab-evalprofile").FullName;
        var data = ImdbDataset.LoadEncoded(o.DataDir, h, cacheDir, new BasicEnglishTokenizer());
        var training = new TrainingHparams();
        foreach (var (name, count) in new[] { ("cnn", data.Train.Count), ("lstm", Math.Max(64, data.Train.Count / 8)) })
        {
            var split = new EncodedSplit(data.Train.Ids[..count], data.Train.Labels[..count]);
            using var model = ModelRegistry.Create(new ModelHparams(Name: name), data.Vocab.Count, data.ClassNames.Count, 1);
            model.eval();
            Evaluator.Evaluate(model, new EncodedSplit(split.Ids[..32], split.Labels[..32]), training); // warm-up
            double collate = 0, forward = 0, metrics = 0, noGrad = double.MaxValue, inference = double.MaxValue;
            for (int r = 0; r < o.Repeats; r++)
            {
                var watch = Stopwatch.StartNew();
                using (no_grad()) (collate, forward, metrics) = Pass(model, split, training);
                noGrad = Math.Min(noGrad, watch.Elapsed.TotalSeconds);
                watch.Restart();
                using (inference_mode()) Pass(model, split, training);
                inference = Math.Min(inference, watch.Elapsed.TotalSeconds);
            }
            log(string.Create(CultureInfo.InvariantCulture,
                $"eval {name}, {count} examples, batch {training.EvalBatchSize}: collate {collate:F3} s, forward {forward:F3} s, loss+argmax+sync {metrics:F3} s; " +
                $"no_grad {noGrad:F3} s vs inference_mode {inference:F3} s (ratio {inference / noGrad:F3})"));
        }
        Directory.Delete(cacheDir, recursive: true);
    }

    private static (double Collate, double Forward, double Metrics) Pass(TextClassifier model, EncodedSplit split, TrainingHparams h)
    {
        double collate = 0, forward = 0, metrics = 0;
        var watch = new Stopwatch();
        foreach (var indices in Batches.EvaluationPlan(split, h.EvalBatchSize))
        {
            using var scope = NewDisposeScope();
            watch.Restart();
            using var batch = Batches.Collate(split, indices, h.MinLength);
            collate += watch.Elapsed.TotalSeconds;
            watch.Restart();
            var logits = model.forward(batch.Ids, batch.Lengths);
            forward += watch.Elapsed.TotalSeconds; // CPU ops are synchronous, so this is the forward's real time
            watch.Restart();
            nn.functional.cross_entropy(logits, batch.Labels, reduction: nn.Reduction.Sum).item<float>();
            logits.argmax(1).eq(batch.Labels).sum().item<long>();
            metrics += watch.Elapsed.TotalSeconds;
        }
        return (collate, forward, metrics);
    }
}
