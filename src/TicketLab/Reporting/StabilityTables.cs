using TicketLab.Lottery;

namespace TicketLab.Reporting;

/// <summary>The tables of an instability analysis: every point of every path, the barrier per run, rewind point and level, and its
/// mean over runs (seeds) per rewind point and level.</summary>
public static class StabilityTables
{
    /// <summary>One row per run × rewind point × level × α: the validation error and loss there (raw numbers, for CSV).</summary>
    public static ReportTable Path(IReadOnlyList<StabilityPair> pairs) => new(
        ["run", "rewind", "rewind_step", "level", "method", "remaining_of_all", "alpha", "error", "loss"],
        [.. pairs.SelectMany(p => p.Path.Select(a => (IReadOnlyList<string>)[
            p.Run, p.Rewind, TableText.Invariant(p.Step), TableText.Invariant(p.Level), p.Method, TableText.Raw(p.RemainingOfAll),
            TableText.Raw(a.Alpha), TableText.Raw(a.Error), TableText.Raw(a.Validation.Loss)]))]);

    /// <summary>One row per run × rewind point × level: the barrier and the errors it is made of (raw numbers, for CSV).</summary>
    public static ReportTable Summary(IReadOnlyList<StabilityPair> pairs) => new(
        ["run", "rewind", "rewind_step", "share_of_training", "level", "method", "remaining_of_all", "barrier", "error_a", "error_b", "max_error", "points"],
        [.. pairs.Select(p => (IReadOnlyList<string>)[
            p.Run, p.Rewind, TableText.Invariant(p.Step), TableText.Raw(p.ShareOfTraining), TableText.Invariant(p.Level), p.Method,
            TableText.Raw(p.RemainingOfAll), TableText.Raw(p.Barrier), TableText.Raw(p.Path[0].Error), TableText.Raw(p.Path[^1].Error),
            TableText.Raw(p.Path.Max(a => a.Error)), TableText.Invariant(p.Path.Count)])]);

    /// <summary>Per rewind point and level, over the runs measured there (seeds): the barrier and the ends' errors as mean ± std, in percent,
    /// and the barrier's 95% CI.</summary>
    public static ReportTable Readable(IReadOnlyList<StabilityPair> pairs) => new(
        ["Rewind", "Level", "Network", TableText.AllRemaining, "Runs", "Error barrier (pp)", "Error, copy A (%)", "Error, copy B (%)", "Max error on path (%)", "Barrier 95% CI"],
        [.. Groups(pairs).Select(g => (IReadOnlyList<string>)[
            g.Key.Rewind, TableText.Invariant(g.Key.Level), g.First().Method, Stat.Of(g.Select(p => p.RemainingOfAll)).Format("F2", 100),
            TableText.Invariant(g.Count()), Stat.Of(g.Select(p => p.Barrier)).Format("F2", 100), Stat.Of(g.Select(p => p.Path[0].Error)).Format("F2", 100),
            Stat.Of(g.Select(p => p.Path[^1].Error)).Format("F2", 100), Stat.Of(g.Select(p => p.Path.Max(a => a.Error))).Format("F2", 100),
            StudyTables.Interval(Stat.Of(g.Select(p => p.Barrier)).Interval, 100)])]);

    /// <summary>Per cell, rewind point, level and mask, over seeds: the barrier as mean ± std with its 95% CI, beside the network's test
    /// accuracy at that rewind point and level; percent and percentage points. A dataset column leads when the rows span several.</summary>
    public static ReportTable Barriers(IReadOnlyList<BarrierStats> rows)
    {
        bool datasets = rows.Select(r => r.Dataset).Distinct().Count() > 1;
        return new(
            [.. datasets ? ["Dataset"] : Array.Empty<string>(), "Model", "Rewind", "Level", "Network", "Mask found at", TableText.AllRemaining, "Seeds",
                "Error barrier (pp)", "Barrier 95% CI", "Test Acc. (%)"],
            [.. rows.Select(r => (IReadOnlyList<string>)[
                .. datasets ? [r.Dataset] : Array.Empty<string>(), r.Cell, r.Rewind, TableText.Invariant(r.Level), r.Method, r.MaskRewind ?? "—",
                TableText.Share(r.RemainingOfAll.Mean), TableText.Invariant(r.Barrier.N), r.Barrier.Format("F2", 100),
                StudyTables.Interval(r.Barrier.Interval, 100), r.TestAccuracy?.Format("F2", 100) ?? "—"])]);
    }

    /// <summary><see cref="Barriers"/> as raw fractions: mean, std, 95% CI bounds and n in their own columns (empty where undefined).</summary>
    public static ReportTable BarriersCsv(IReadOnlyList<BarrierStats> rows) => new(
        ["dataset", "cell", "rewind", "rewind_step", "share_of_training", "level", "method", "mask_rewind", "all_params_remaining", "seeds",
            "barrier_mean", "barrier_std", "barrier_ci95_low", "barrier_ci95_high", "test_acc_mean", "test_acc_std", "test_acc_seeds", "runs"],
        [.. rows.Select(r => (IReadOnlyList<string>)[
            r.Dataset, r.Cell, r.Rewind, TableText.Invariant(r.Step), TableText.Raw(r.ShareOfTraining), TableText.Invariant(r.Level), r.Method,
            r.MaskRewind ?? "", TableText.Raw(r.RemainingOfAll.Mean), TableText.Invariant(r.Barrier.N), TableText.Raw(r.Barrier.Mean), TableText.Raw(r.Barrier.Std),
            TableText.Raw(r.Barrier.Interval.Low), TableText.Raw(r.Barrier.Interval.High),
            r.TestAccuracy is { } t ? TableText.Raw(t.Mean) : "", r.TestAccuracy is { } u ? TableText.Raw(u.Std) : "", r.TestAccuracy is { } n ? TableText.Invariant(n.N) : "",
            string.Join(' ', r.Runs)])]);

    /// <summary>Pairs by (rewind point, level), in level order then rewind order.</summary>
    public static IEnumerable<IGrouping<(string Rewind, int Level), StabilityPair>> Groups(IReadOnlyList<StabilityPair> pairs) =>
        pairs.GroupBy(p => (p.Rewind, p.Level)).OrderBy(g => g.Key.Level).ThenBy(g => g.Average(p => p.ShareOfTraining));
}
