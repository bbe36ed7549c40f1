using TicketLab.Data;
using TicketLab.Models;
using TicketLab.Pruning;
using TicketLab.Training;
using static TorchSharp.torch;

namespace TicketLab.Lottery;

/// <summary>Instability analysis (Frankle et al. 2020, linear mode connectivity): two copies of one start (weights, mask, step) trained
/// with different data orders and dropout noise, then the validation error along the linear interpolation of their weights.</summary>
/// <remarks>Each copy's weights are its kept (best-validation) epoch, the weights every level of a run reports. The interpolation is
/// (1 − α)·A + α·B, exact at both ends, so α = 0 and α = 1 give the copies' own metrics bit for bit.</remarks>
public sealed class InstabilityAnalysis(TrainingHparams training, int points = InstabilityAnalysis.DefaultPoints, ITrainingObserver? observer = null)
{
    public const int DefaultPoints = 11;

    /// <summary>Trains the two copies from <paramref name="start"/> (masked by <paramref name="mask"/>, from <paramref name="startStep"/>)
    /// and walks the path between them; the copies' seeds derive from <paramref name="seed"/>. The model is left at copy A.</summary>
    public InstabilityResult Measure(TextClassifier model, EncodedDataset data, WeightSnapshot start, Mask? mask, long startStep, int seed)
    {
        if (points < 3) throw new ArgumentOutOfRangeException(nameof(points), points, "the path needs at least 3 points: both ends and one between");
        var trainer = new Trainer(training, observer);
        var (a, weightsA) = TrainCopy(trainer, model, data, start, mask, startStep, CopySeed(seed, 0));
        using var _a = weightsA;
        var (b, weightsB) = TrainCopy(trainer, model, data, start, mask, startStep, CopySeed(seed, 1));
        using var _b = weightsB;
        return new InstabilityResult(a, b, Path(model, data.Validation, weightsA, weightsB));
    }

    /// <summary>The validation metrics at <c>points</c> evenly spaced α from A (α = 0) to B (α = 1); the model is left at A.</summary>
    public IReadOnlyList<InstabilityPoint> Path(TextClassifier model, EncodedSplit validation, WeightSnapshot a, WeightSnapshot b)
    {
        var path = new List<InstabilityPoint>(points);
        for (int i = 0; i < points; i++)
        {
            double alpha = (double)i / (points - 1);
            using (var between = Interpolate(a, b, alpha)) between.CopyInto(model);
            path.Add(new InstabilityPoint(alpha, Evaluator.Evaluate(model, validation, training)));
        }
        a.CopyInto(model);
        return path;
    }

    /// <summary>(1 − α)·A + α·B per tensor: A itself at α = 0 and B itself at α = 1.</summary>
    public static WeightSnapshot Interpolate(WeightSnapshot a, WeightSnapshot b, double alpha)
    {
        using var _ = no_grad();
        return WeightSnapshot.From(a.Tensors.Select(t => (t.Name, (t.Tensor * (1 - alpha) + b[t.Name] * alpha).DetachFromDisposeScope())));
    }

    /// <summary>The seed of copy <paramref name="copy"/>: its data order and dropout noise.</summary>
    public static int CopySeed(int seed, int copy) => SeedPolicy.InstabilityCopy(seed, copy);

    private static (TrainingResult, WeightSnapshot) TrainCopy(Trainer trainer, TextClassifier model, EncodedDataset data, WeightSnapshot start, Mask? mask, long startStep, int seed)
    {
        start.CopyInto(model);
        var keep = mask is not null && mask.Remaining < mask.Total ? mask : null;
        return trainer.Train(model, data, new TrainingStart(seed, keep, startStep));
    }
}
