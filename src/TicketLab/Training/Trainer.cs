using System.Diagnostics;
using TicketLab.Data;
using TicketLab.Models;
using static TorchSharp.torch;

namespace TicketLab.Training;

/// <summary>Trains a classifier, keeps the epoch of lowest validation loss and tests it; masked weights stay exactly zero.</summary>
public sealed class Trainer(TrainingHparams hparams, ITrainingObserver? observer = null)
{
    private readonly ITrainingObserver observer = observer ?? SilentObserver.Instance;

    /// <summary>Optimiser steps in one epoch over <paramref name="trainCount"/> examples.</summary>
    public int StepsPerEpoch(int trainCount) => (trainCount + hparams.BatchSize - 1) / hparams.BatchSize;

    /// <summary>Trains from the model's current weights (or the start's checkpoint); on return the model holds the best epoch's weights.</summary>
    public (TrainingResult Result, WeightSnapshot Best) Train(TextClassifier model, EncodedDataset data, TrainingStart start)
    {
        var total = Stopwatch.StartNew();
        int stepsPerEpoch = StepsPerEpoch(data.Train.Count);
        long totalSteps = (long)stepsPerEpoch * hparams.Epochs;
        var device = ComputeDevice.Batches(hparams.Device);
        if (device is not null) ComputeDevice.Place(model, device); // before the optimiser takes the parameters
        using var optimizer = OptimizerFactory.Create(model, hparams);
        var epochs = new List<EpochMetrics>();
        WeightSnapshot? best = null;
        long step = start.StartStep;
        int firstEpoch = (int)(start.StartStep / stepsPerEpoch);
        bool ended = false; // by start.EndAfterStep

        if (start.Checkpoints?.TryLoad() is { } resumed)
        {
            resumed.Model.CopyInto(model);
            resumed.Model.Dispose();
            using (var reader = new BinaryReader(new MemoryStream(resumed.OptimizerState))) optimizer.load_state_dict(reader);
            epochs.AddRange(resumed.Epochs);
            best = resumed.Best;
            step = resumed.Step;
            firstEpoch = resumed.NextEpoch;
        }
        else
        {
            start.Mask?.ApplyTo(model);
            if (start.CaptureAtStep == start.StartStep) start.OnCapture?.Invoke(start.StartStep);
        }

        // the stop decision is read off the recorded epochs, so a resumed run stops where the uninterrupted one did
        for (int epoch = firstEpoch; !ended && epoch < hparams.Epochs && !EarlyStopping.ShouldStop(epochs, hparams.Patience); epoch++)
        {
            var watch = Stopwatch.StartNew();
            model.ReseedNoise(SeedPolicy.Dropout(start.Seed, epoch));
            model.train();
            var plan = hparams.Bucketing
                ? Batches.BucketedPlan(data.Train, hparams.BatchSize, start.Seed, epoch)
                : Batches.Plan(data.Train.Count, hparams.BatchSize, shuffle: true, seed: start.Seed, epoch: epoch);
            double lossSum = 0;
            long correct = 0, seen = 0;
            for (int b = (int)(step - (long)epoch * stepsPerEpoch); b < plan.Count; b++)
            {
                using var scope = NewDisposeScope();
                using var batch = Batches.Collate(data.Train, plan[b], hparams.MinLength, device);
                double? rate = start.LearningRate ?? (hparams.Schedule != ScheduleKind.Constant ? LearningRateSchedule.At(hparams, step, totalSteps) : null);
                if (rate is { } r)
                    foreach (var group in optimizer.ParamGroups) group.LearningRate = r;
                optimizer.zero_grad();
                var logits = model.forward(batch.Ids, batch.Lengths);
                var loss = nn.functional.cross_entropy(logits, batch.Labels);
                loss.backward();
                start.Mask?.MaskGradients(model);
                if (hparams.ClipGradNorm is { } clip) nn.utils.clip_grad_norm_(model.parameters(), clip);
                optimizer.step();
                start.Mask?.ApplyTo(model);
                step++;

                float l = loss.item<float>();
                if (!float.IsFinite(l)) throw new NonFiniteLossException(epoch, step, l);
                lossSum += l * batch.Size;
                correct += logits.argmax(1).eq(batch.Labels).sum().item<long>();
                seen += batch.Size;
                observer.OnStep(epoch, b, plan.Count, l);
                if (start.CaptureAtStep == step) start.OnCapture?.Invoke(step);
                if (start.EndAfterStep?.Invoke(step) == true) { ended = true; break; }
            }
            var validation = Evaluator.Evaluate(model, data.Validation, hparams);
            if (!double.IsFinite(validation.Loss)) throw new NonFiniteLossException(epoch, step, (float)validation.Loss, data.Validation.Count == 0 ? "validation loss (the validation split is empty)" : "validation loss");
            var metrics = new EpochMetrics(epoch, new Metrics(lossSum / Math.Max(1, seen), (double)correct / Math.Max(1, seen)), validation, watch.Elapsed.TotalSeconds);
            if (best is null || validation.Loss < epochs.Min(e => e.Validation.Loss))
            {
                best?.Dispose();
                best = WeightSnapshot.Of(model);
            }
            epochs.Add(metrics);
            bool more = !ended && epoch + 1 < hparams.Epochs && !EarlyStopping.ShouldStop(epochs, hparams.Patience);
            if (start.Checkpoints is { } store && more)
            {
                using var current = WeightSnapshot.Of(model);
                store.Save(new TrainingCheckpoint(epoch + 1, step, epochs.ToList(), current, best, OptimizerState(optimizer)));
            }
            observer.OnEpoch(metrics); // after the checkpoint: an epoch that was reported is never lost
            if (more && start.Stop.IsCancellationRequested)
            {
                best.Dispose();
                start.Stop.ThrowIfCancellationRequested(); // the last epoch is not cut: the level finishes instead
            }
        }
        if (best is null) throw new InvalidOperationException($"nothing to train: start step {start.StartStep} is at or past the last epoch ({hparams.Epochs})");
        start.OnFinished?.Invoke(model);
        best.CopyInto(model);
        int bestEpoch = epochs.MinBy(e => e.Validation.Loss)!.Epoch;
        var test = Evaluator.Evaluate(model, data.Test, hparams);
        bool stoppedEarly = epochs[^1].Epoch + 1 < hparams.Epochs;
        return (new TrainingResult(epochs, bestEpoch, test, total.Elapsed.TotalSeconds, stoppedEarly), best);
    }

    private static byte[] OptimizerState(TorchSharp.Modules.OptimizerHelper optimizer)
    {
        var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true)) optimizer.save_state_dict(writer);
        return buffer.ToArray();
    }
}
