namespace TicketLab.Training;

/// <summary>Raised when the training loss (or the validation loss) becomes NaN or infinite; names the step so the run can be marked failed there.</summary>
public sealed class NonFiniteLossException(int epoch, long step, float loss, string what = "loss")
    : Exception($"training diverged: {what} {loss} at epoch {epoch + 1}, step {step}")
{
    public long Step { get; } = step;
}
