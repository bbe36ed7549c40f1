using System.Globalization;
using Spectre.Console;
using TicketLab.Lottery;
using TicketLab.Training;

namespace TicketLab.Cli;

/// <summary>Shows training progress: a live bar with ETA on a terminal, plain lines when output is redirected (or when several
/// workers train at once: <paramref name="live"/> false).</summary>
internal sealed class ConsoleProgress(int epochs, bool live = true) : ITrainingObserver, ILotteryObserver, IDisposable
{
    private readonly bool interactive = live && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
    private ProgressContext? context;
    private ProgressTask? task;
    private string current = "";
    private string lastValidation = "";

    /// <summary>Runs <paramref name="work"/> inside a live progress display when on a terminal.</summary>
    public T Wrap<T>(Func<T> work)
    {
        if (!interactive) return work();
        return AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx => { context = ctx; return work(); });
    }

    public void Log(string line)
    {
        if (context is not null) AnsiConsole.MarkupLineInterpolated($"[grey]{line}[/]");
        else Console.WriteLine(line);
    }

    /// <summary>Reports a download every tenth of the way.</summary>
    public IProgress<double> DownloadProgress()
    {
        int shown = -1;
        return new Progress<double>(f =>
        {
            int tenth = (int)(f * 10);
            if (tenth > shown) { shown = tenth; Log($"downloading: {tenth * 10}%"); }
        });
    }

    public void OnLevelStart(int level, string method, double sparsity)
    {
        current = $"level {level} {method} ({100 * sparsity:F1}% of prunable weights pruned)";
        lastValidation = "";
        Log($"{current}: training");
        task = null;
    }

    public void OnLevelDone(LevelResult r, bool fromStore)
    {
        if (task is not null) task.Value = task.MaxValue;
        Log(string.Create(CultureInfo.InvariantCulture,
            $"level {r.Level} {r.Method}: {Reporting.TableText.Share(1 - r.SparsityOfAll)} of all parameters remaining ({Reporting.TableText.Share(1 - r.Sparsity)} of prunable weights), best epoch {r.Training.BestEpoch + 1}, test acc {100 * r.Training.Test.Accuracy:F2}%, {r.Training.Seconds:F0} s{(fromStore ? " (finished earlier, not recomputed)" : "")}"));
    }

    public void OnStep(int epoch, int batch, int batchesPerEpoch, double loss)
    {
        if (context is null) return;
        task ??= context.AddTask(Markup.Escape(current), maxValue: (double)epochs * batchesPerEpoch);
        task.Value = (double)epoch * batchesPerEpoch + batch + 1;
        task.Description = Markup.Escape($"{current} epoch {epoch + 1}/{epochs} batch {batch + 1}/{batchesPerEpoch} loss {loss:F3}{lastValidation}");
    }

    public void OnEpoch(EpochMetrics m)
    {
        lastValidation = string.Create(CultureInfo.InvariantCulture, $" | last val acc {100 * m.Validation.Accuracy:F2}%");
        LogEpoch(m);
    }

    private void LogEpoch(EpochMetrics m) => Log(string.Create(CultureInfo.InvariantCulture,
        $"  epoch {m.Epoch + 1}/{epochs}: train loss {m.Train.Loss:F4} acc {100 * m.Train.Accuracy:F2}% | val loss {m.Validation.Loss:F4} acc {100 * m.Validation.Accuracy:F2}% | {m.Seconds:F1} s"));

    public void Dispose() => task?.StopTask();
}
