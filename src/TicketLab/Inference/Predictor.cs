using TicketLab.Data;
using static TorchSharp.torch;

namespace TicketLab.Inference;

/// <summary>Classifies texts with a forward pass: encoded by the run's encoder, batched by length as the evaluator batches
/// (so the same texts get the same padding, hence the same logits), softmax probabilities per text in input order.</summary>
public sealed class Predictor(IForwardPass pass, TextEncoder encoder, int batchSize, int minLength)
{
    /// <summary>A predictor over the dense network of <paramref name="model"/>, batched as the run evaluated (its eval batch size and min length).</summary>
    public static Predictor Dense(TrainedModel model) => For(model, new DenseForwardPass(model.Model));

    /// <summary>A predictor over <paramref name="pass"/> (e.g. a <see cref="ForwardPassChoice"/>'s), with the run's encoder and batching.</summary>
    public static Predictor For(TrainedModel model, IForwardPass pass) =>
        new(pass, model.Encoder, model.Hparams.Training.EvalBatchSize, model.Hparams.Training.MinLength);

    /// <summary>Predictions for <paramref name="texts"/>, in their order; <paramref name="progress"/> receives the count done after each batch.</summary>
    public IReadOnlyList<Prediction> Predict(IReadOnlyList<string> texts, IProgress<int>? progress = null)
    {
        var ids = new int[texts.Count][];
        Parallel.For(0, texts.Count, i => ids[i] = encoder.Encode(texts[i]));
        return PredictIds(ids, progress);
    }

    /// <summary>Predictions for already encoded texts (e.g. a split of the run's dataset), in their order.</summary>
    public IReadOnlyList<Prediction> PredictIds(int[][] ids, IProgress<int>? progress = null)
    {
        var result = new Prediction[ids.Length];
        if (ids.Length == 0) return result;
        var split = new EncodedSplit(ids, new int[ids.Length]);
        int done = 0;
        foreach (var indices in Batches.EvaluationPlan(split, batchSize))
        {
            using var scope = NewDisposeScope();
            using var batch = Batches.Collate(split, indices, minLength);
            using var logits = pass.Logits(batch.Ids, batch.Lengths);
            var probabilities = logits.softmax(1).data<float>().ToArray();
            int classes = (int)logits.shape[1];
            var labels = logits.argmax(1).data<long>().ToArray();
            for (int b = 0; b < indices.Length; b++)
                result[indices[b]] = new Prediction((int)labels[b], probabilities[(b * classes)..((b + 1) * classes)]);
            done += indices.Length;
            progress?.Report(done);
        }
        return result;
    }
}
