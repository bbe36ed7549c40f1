using TicketLab.Lottery;

namespace TicketLab.Reporting;

/// <summary>The tables of an instability analysis: every point of every path, and the barrier per rewind point and level.</summary>
public static class StabilityTables
{
    /// <summary>One row per rewind point × level × α: the validation error and loss there (raw numbers, for CSV).</summary>
    public static ReportTable Path(IReadOnlyList<StabilityPair> pairs) => new(
        ["rewind", "rewind_step", "level", "method", "remaining_of_all", "alpha", "error", "loss"],
        [.. pairs.SelectMany(p => p.Path.Select(a => (IReadOnlyList<string>)[
            p.Rewind, TableText.Invariant(p.Step), TableText.Invariant(p.Level), p.Method, TableText.Raw(p.RemainingOfAll),
            TableText.Raw(a.Alpha), TableText.Raw(a.Error), TableText.Raw(a.Validation.Loss)]))]);

    /// <summary>One row per rewind point × level: the barrier and the errors it is made of (raw numbers, for CSV).</summary>
    public static ReportTable Summary(IReadOnlyList<StabilityPair> pairs) => new(
        ["rewind", "rewind_step", "share_of_training", "level", "method", "remaining_of_all", "barrier", "error_a", "error_b", "max_error", "points"],
        [.. pairs.Select(p => (IReadOnlyList<string>)[
            p.Rewind, TableText.Invariant(p.Step), TableText.Raw(p.ShareOfTraining), TableText.Invariant(p.Level), p.Method,
            TableText.Raw(p.RemainingOfAll), TableText.Raw(p.Barrier), TableText.Raw(p.Path[0].Error), TableText.Raw(p.Path[^1].Error),
            TableText.Raw(p.Path.Max(a => a.Error)), TableText.Invariant(p.Path.Count)])]);

    /// <summary>The summary as people read it: percentages.</summary>
    public static ReportTable Readable(IReadOnlyList<StabilityPair> pairs) => new(
        ["Rewind", "Level", "Network", TableText.AllRemaining, "Error barrier", "Error A", "Error B", "Max error on path"],
        [.. pairs.Select(p => (IReadOnlyList<string>)[
            $"{p.Rewind} (step {p.Step})", TableText.Invariant(p.Level), p.Method, TableText.Percent(p.RemainingOfAll),
            TableText.Percent(p.Barrier), TableText.Percent(p.Path[0].Error), TableText.Percent(p.Path[^1].Error), TableText.Percent(p.Path.Max(a => a.Error))])]);
}
