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
        bool ended = false; // by start.AtStep

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
            start.AtStep?.Invoke(start.StartStep); // nothing to end before the first step
        }

        // the stop decision is read off the recorded epochs, so a resumed run stops where the uninterrupted one did
        for (int epoch = firstEpoch; !ended && epoch < hparams.Epochs && !EarlyStopping.ShouldStop(epochs, hparams.Patience); epoch++)
        {
            var watch = Stopwatch.StartNew();
            var plan = BeginEpoch(model, data, start.Seed, epoch);
            double lossSum = 0;
            long correct = 0, seen = 0;
            for (int b = (int)(step - (long)epoch * stepsPerEpoch); b < plan.Count; b++)
            {
                using var scope = NewDisposeScope();
                using var batch = Batches.Collate(data.Train, plan[b], hparams.MinLength, device);
                var (l, right) = Step(model, optimizer, start, batch, step, totalSteps);
                step++;
                if (!float.IsFinite(l)) throw new NonFiniteLossException(epoch, step, l);
                lossSum += l * batch.Size;
                correct += right;
                seen += batch.Size;
                observer.OnStep(epoch, b, plan.Count, l);
                if (start.AtStep?.Invoke(step) == true) { ended = true; break; }
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

    /// <summary>Replays the first <paramref name="steps"/> optimiser steps of the training that <paramref name="start"/> begins at step 0
    /// (from the model's current weights, where the optimiser has no state yet), leaving the model with the weights the full training
    /// has at that step: the same data order, dropout and learning rates, so the same bits on CPU. A late rewind point that a shared
    /// dense level lacks costs these steps instead of a whole training.</summary>
    public void Replay(TextClassifier model, EncodedDataset data, TrainingStart start, long steps)
    {
        if (start.StartStep != 0) throw new ArgumentException("a replay starts at step 0, where the optimiser's state is empty", nameof(start));
        int stepsPerEpoch = StepsPerEpoch(data.Train.Count);
        long totalSteps = (long)stepsPerEpoch * hparams.Epochs;
        if (steps < 0 || steps > totalSteps) throw new ArgumentOutOfRangeException(nameof(steps), steps, $"the training has {totalSteps} steps");
        var device = ComputeDevice.Batches(hparams.Device);
        if (device is not null) ComputeDevice.Place(model, device);
        using var optimizer = OptimizerFactory.Create(model, hparams);
        start.Mask?.ApplyTo(model);
        long step = 0;
        for (int epoch = 0; step < steps; epoch++)
        {
            var plan = BeginEpoch(model, data, start.Seed, epoch);
            for (int b = 0; b < plan.Count && step < steps; b++, step++)
            {
                using var scope = NewDisposeScope();
                using var batch = Batches.Collate(data.Train, plan[b], hparams.MinLength, device);
                var (l, _) = Step(model, optimizer, start, batch, step, totalSteps);
                if (!float.IsFinite(l)) throw new NonFiniteLossException(epoch, step + 1, l);
            }
        }
    }

    /// <summary>Seeds the epoch's dropout, switches to training mode and plans its batches.</summary>
    private IReadOnlyList<int[]> BeginEpoch(TextClassifier model, EncodedDataset data, int seed, int epoch)
    {
        model.ReseedNoise(SeedPolicy.Dropout(seed, epoch));
        model.train();
        return hparams.Bucketing
            ? Batches.BucketedPlan(data.Train, hparams.BatchSize, seed, epoch)
            : Batches.Plan(data.Train.Count, hparams.BatchSize, shuffle: true, seed: seed, epoch: epoch);
    }

    /// <summary>One optimiser step at <paramref name="step"/>: the batch's loss and how many of its examples the model got right.</summary>
    private (float Loss, long Correct) Step(TextClassifier model, TorchSharp.Modules.OptimizerHelper optimizer, TrainingStart start, Batch batch, long step, long totalSteps)
    {
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
        return (loss.item<float>(), logits.argmax(1).eq(batch.Labels).sum().item<long>());
    }

    private static byte[] OptimizerState(TorchSharp.Modules.OptimizerHelper optimizer)
    {
        var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true)) optimizer.save_state_dict(writer);
        return buffer.ToArray();
    }
}
