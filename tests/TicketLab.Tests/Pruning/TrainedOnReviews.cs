using TicketLab.Data;
using TicketLab.Models;
using TicketLab.Tests.Training;
using TicketLab.Training;
using static TorchSharp.torch;

namespace TicketLab.Tests.Pruning;

/// <summary>Small models trained for one epoch on real IMDb reviews (the shipped fixture), and their logits over its test split.</summary>
internal static class TrainedOnReviews
{
    public static readonly TrainingHparams Training = new(Epochs: 1, BatchSize: 16, EvalBatchSize: 40);

    public static TextClassifier Train(ModelHparams h, int seed = 1)
    {
        var data = SmallImdb.Load();
        var model = ModelRegistry.Create(h, data.Vocab.Count, data.ClassNames.Count, seed);
        new Trainer(Training).Train(model, data, new TrainingStart(seed)).Best.Dispose();
        model.eval();
        return model;
    }

    /// <summary>Logits of every test review, batch by batch as the evaluator forms them: [reviews, classes].</summary>
    public static Tensor Logits(TextClassifier model, Func<Tensor, Tensor, Tensor>? forward = null)
    {
        var split = SmallImdb.Load().Test;
        model.eval();
        using var _ = no_grad();
        var parts = new List<Tensor>();
        foreach (var indices in Batches.EvaluationPlan(split, Training.EvalBatchSize))
        {
            using var batch = Batches.Collate(split, indices, Training.MinLength);
            parts.Add((forward ?? model.forward)(batch.Ids, batch.Lengths));
        }
        var all = cat(parts, 0);
        foreach (var p in parts) p.Dispose();
        return all;
    }
}
