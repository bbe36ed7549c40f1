using System.Globalization;

namespace TicketLab.Training;

/// <summary>How a network is trained; defaults are the seed study's TextCNN settings (Adam, lr 1e-3, batch 64).</summary>
public sealed record TrainingHparams(
    int Epochs = 5,
    int BatchSize = 64,
    double LearningRate = 1e-3,
    double WeightDecay = 0.0,
    int EvalBatchSize = 256,
    int MinLength = 5,                  // pad short batches so the widest convolution fits
    bool Bucketing = true,              // batch examples of similar length together (less padding)
    OptimizerKind Optimizer = OptimizerKind.Adam,
    ScheduleKind Schedule = ScheduleKind.Constant,
    double WarmupFraction = 0.0,        // of all steps, with the linear schedule
    double? ClipGradNorm = null,
    int? Patience = null,              // stop a level after this many epochs without a lower validation loss; null: train every epoch
    string Device = ComputeDevice.Cpu) // cpu, cuda or cuda:N (CUDA untested)
{
    /// <summary>Why no run can use these settings, as (property, text following the setting's name); none when usable.</summary>
    public IEnumerable<(string Property, string Problem)> Problems()
    {
        if (Epochs < 1) yield return (nameof(Epochs), $"must be at least 1 (got {Epochs})");
        if (BatchSize < 1) yield return (nameof(BatchSize), $"must be at least 1 (got {BatchSize})");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) yield return (nameof(LearningRate), Invariant($"must be above 0 (got {LearningRate})"));
        if (!(WeightDecay >= 0) || !double.IsFinite(WeightDecay)) yield return (nameof(WeightDecay), Invariant($"must be 0 or more (got {WeightDecay})"));
        if (EvalBatchSize < 1) yield return (nameof(EvalBatchSize), $"must be at least 1 (got {EvalBatchSize})");
        if (MinLength < 1) yield return (nameof(MinLength), $"must be at least 1 (got {MinLength})");
        if (!(WarmupFraction >= 0 && WarmupFraction < 1)) yield return (nameof(WarmupFraction), Invariant($"must be at least 0 and below 1 (got {WarmupFraction})"));
        if (ClipGradNorm is { } clip && !(clip > 0)) yield return (nameof(ClipGradNorm), Invariant($"must be above 0 (got {clip})"));
        if (Patience is { } patience && patience < 1) yield return (nameof(Patience), $"must be at least 1 epoch (got {patience})");
        if (ComputeDevice.FormProblem(Device) is { } device) yield return (nameof(Device), device);
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
