using ScottPlot;
using TicketLab.Lottery;

namespace TicketLab.Reporting;

/// <summary>Test accuracy against the rewind point for one cell of a rewind sweep: the dense reference (the dense network at 0, the
/// dense-rewind control elsewhere) and every method at its pruned levels, mean over seeds with ± one standard deviation.</summary>
/// <remarks>Colour names the method and the line pattern the level; with more than three pruned levels only the first, middle and
/// last are drawn, so the legend stays readable. Rewind points are evenly spaced categories in their own order.</remarks>
public static class RewindSweepPlot
{
    public const int Width = 1100, Height = 560;

    /// <summary>At least this many rewind points make a sweep worth a plot.</summary>
    public const int MinPoints = 3;

    /// <summary>The cell's groups (one per rewind point) as a PNG, or null with fewer than <see cref="MinPoints"/> points.</summary>
    public static byte[]? Png(string title, IReadOnlyList<GroupSummary> cell)
    {
        var points = cell.OrderBy(g => g.Hparams.Pruning.Rewind.Value == 0 ? 0 : 1).ThenBy(g => g.Hparams.Pruning.Rewind.Unit)
            .ThenBy(g => g.Hparams.Pruning.Rewind.Value).ToList();
        if (points.Select(g => g.Rewind).Distinct().Count() < MinPoints) return null;
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        double[] xs = [.. Enumerable.Range(0, points.Count).Select(i => (double)i)];

        void Series(string legend, Func<GroupSummary, LevelStats?> pick, Color color, LinePattern pattern)
        {
            var at = points.Select((g, i) => (X: xs[i], Level: pick(g))).Where(p => p.Level is { TestAccuracy.N: > 0 })
                .Select(p => (p.X, Stat: p.Level!.TestAccuracy)).ToList();
            if (at.Count == 0) return;
            var x = at.Select(p => p.X).ToArray();
            var y = at.Select(p => 100 * p.Stat.Mean).ToArray();
            var line = plot.Add.Scatter(x, y, color);
            line.LinePattern = pattern;
            line.LineWidth = 2;
            line.MarkerSize = 7;
            line.LegendText = legend;
            if (at.Any(p => p.Stat.N > 1)) plot.Add.ErrorBar(x, y, at.Select(p => 100 * p.Stat.ErrorBar).ToArray()).Color = color;
        }

        Series("dense (the dense-rewind control under late rewinding)", g => g.Levels.FirstOrDefault(l => l.Level == 0 && l.Method == g.DenseReference),
            Colors.Black, LinePattern.Solid);
        var levels = points.SelectMany(g => g.Levels).Where(l => l.Level > 0).Select(l => l.Level).Distinct().Order().ToList();
        if (levels.Count > 3) levels = [levels[0], levels[levels.Count / 2], levels[^1]];
        var methods = MethodOrder.Sort(points.SelectMany(g => g.PrunedMethods).Distinct()).ToList();
        LinePattern[] patterns = [LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted];
        foreach (var (level, i) in levels.Select((l, i) => (l, i)))
        {
            var remaining = points.SelectMany(g => g.Levels).First(l => l.Level == level).RemainingOfAll.Mean;
            foreach (var method in methods)
                Series($"{method}, level {level} ({TableText.Percent(remaining)} of all parameters)",
                    g => g.Levels.FirstOrDefault(l => l.Level == level && l.Method == method), palette.GetColor(methods.IndexOf(method)), patterns[i]);
        }
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (var (g, i) in points.Select((g, i) => (g, i))) ticks.AddMajor(xs[i], g.Rewind);
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.SetLimitsX(-0.5, points.Count - 0.5);
        plot.Title($"{title}: test accuracy against the rewind point");
        plot.XLabel("Rewind point");
        plot.YLabel("Test accuracy (%), mean over seeds ± std");
        plot.ShowLegend(Edge.Right);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }
}
