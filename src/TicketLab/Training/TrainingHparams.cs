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
    int? Patience = null);              // stop a level after this many epochs without a lower validation loss; null: train every epoch
