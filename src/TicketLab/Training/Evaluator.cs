using TicketLab.Data;
using TicketLab.Models;
using static TorchSharp.torch;

namespace TicketLab.Training;

/// <summary>Computes loss and accuracy of a model over a split without gradients.</summary>
public static class Evaluator
{
    public static Metrics Evaluate(TextClassifier model, EncodedSplit split, TrainingHparams h)
    {
        model.eval();
        using var _ = no_grad();
        double lossSum = 0;
        long correct = 0;
        var device = ComputeDevice.Batches(h.Device);
        foreach (var indices in Batches.EvaluationPlan(split, h.EvalBatchSize))
        {
            using var scope = NewDisposeScope();
            using var batch = Batches.Collate(split, indices, h.MinLength, device);
            var logits = model.forward(batch.Ids, batch.Lengths);
            lossSum += nn.functional.cross_entropy(logits, batch.Labels, reduction: nn.Reduction.Sum).item<float>();
            correct += logits.argmax(1).eq(batch.Labels).sum().item<long>();
        }
        return new Metrics(lossSum / split.Count, (double)correct / split.Count);
    }
}
