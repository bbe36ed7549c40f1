using TicketLab.Data;
using TicketLab.Training;

namespace TicketLab.Hparams;

/// <summary>Settings a model family trains best with when the user names none (the literature's, not the TextCNN's).</summary>
public static class ModelDefaults
{
    /// <summary>BERT: AdamW lr 2e-5, weight decay 0.01 (not on biases and LayerNorm), 10% linear warm-up then linear decay, batch 32, 3 epochs, clipping at 1 (Devlin et al.; Chen et al. 2020).</summary>
    public static TrainingHparams Training(string model) => Models.Bert.BertModels.IsBert(model)
        ? new TrainingHparams(Epochs: 3, BatchSize: 32, LearningRate: 2e-5, WeightDecay: 0.01, EvalBatchSize: 64,
            Optimizer: OptimizerKind.AdamW, Schedule: ScheduleKind.Linear, WarmupFraction: 0.1, ClipGradNorm: 1.0)
        : new TrainingHparams();

    /// <summary>BERT reads at most 128 WordPiece tokens by default; the others 400 words.</summary>
    public static DataHparams Data(string model) => Models.Bert.BertModels.IsBert(model) ? new DataHparams(MaxLength: 128) : new DataHparams();
}
