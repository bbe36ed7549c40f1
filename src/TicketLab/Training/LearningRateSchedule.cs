namespace TicketLab.Training;

/// <summary>Learning rate per optimiser step: constant, or linear warm-up then linear decay to zero (BERT fine-tuning).</summary>
public static class LearningRateSchedule
{
    public static double At(TrainingHparams h, long step, long totalSteps)
    {
        if (h.Schedule == ScheduleKind.Constant) return h.LearningRate;
        long warmup = (long)Math.Round(h.WarmupFraction * totalSteps);
        if (step < warmup) return h.LearningRate * (step + 1) / warmup;
        return h.LearningRate * Math.Max(0.0, (double)(totalSteps - step) / Math.Max(1, totalSteps - warmup));
    }
}
