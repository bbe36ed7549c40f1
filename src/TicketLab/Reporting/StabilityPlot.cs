using ScottPlot;
using TicketLab.Lottery;

namespace TicketLab.Reporting;

/// <summary>The plots of an instability analysis (Frankle et al. 2020): the validation error along the path, and the barrier against
/// the rewind point; with several runs (seeds) at a point, their mean (the barrier with ± one standard deviation).</summary>
public static class StabilityPlot
{
    public const int Width = 900, Height = 520;

    /// <summary>Validation error (%) against α, one line per rewind point and level (colour: level; line pattern: rewind point), as PNG bytes.</summary>
    public static byte[] PathPng(string title, IReadOnlyList<StabilityPair> pairs)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var levels = pairs.Select(p => p.Level).Distinct().Order().ToList();
        var rewinds = pairs.OrderBy(p => p.ShareOfTraining).Select(p => p.Rewind).Distinct().ToList();
        LinePattern[] patterns = [LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted, LinePattern.DenselyDashed];
        foreach (var g in StabilityTables.Groups(pairs))
            foreach (var same in g.GroupBy(p => p.Path.Count)) // runs measured with other numbers of points are averaged apart
            {
                var path = same.First().Path;
                var errors = Enumerable.Range(0, path.Count).Select(i => 100 * same.Average(p => p.Path[i].Error)).ToArray();
                var line = plot.Add.Scatter(path.Select(a => a.Alpha).ToArray(), errors, palette.GetColor(levels.IndexOf(g.Key.Level)));
                line.LinePattern = patterns[rewinds.IndexOf(g.Key.Rewind) % patterns.Length];
                line.LineWidth = 2;
                line.MarkerSize = 5;
                line.LegendText = $"{Network(same.First())}, rewind {g.Key.Rewind}{(same.Count() > 1 ? $" (mean of {same.Count()})" : "")}";
            }
        plot.Title($"{title}: validation error along the linear path between two copies");
        plot.XLabel("α (interpolation weight of copy B)");
        plot.YLabel("Validation error (%)");
        plot.ShowLegend(Alignment.UpperRight);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>Error barrier (percentage points) against the rewind point (% of training), one line per level, as PNG bytes.</summary>
    public static byte[] BarrierPng(string title, IReadOnlyList<StabilityPair> pairs)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        int colour = 0;
        foreach (var level in StabilityTables.Groups(pairs).GroupBy(g => g.Key.Level))
        {
            var points = level.Select(g => (X: 100 * g.Average(p => p.ShareOfTraining), Barrier: Stat.Of(g.Select(p => 100 * p.Barrier)))).ToList();
            var color = palette.GetColor(colour++);
            var line = plot.Add.Scatter(points.Select(p => p.X).ToArray(), points.Select(p => p.Barrier.Mean).ToArray(), color);
            line.LineWidth = 2;
            line.MarkerSize = 7;
            line.LegendText = Network(level.First().First());
            if (points.Any(p => p.Barrier.N > 1))
            {
                var bars = plot.Add.ErrorBar(points.Select(p => p.X).ToArray(), points.Select(p => p.Barrier.Mean).ToArray(), points.Select(p => p.Barrier.ErrorBar).ToArray());
                bars.Color = color;
            }
        }
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (var g in StabilityTables.Groups(pairs).DistinctBy(g => g.Key.Rewind)) ticks.AddMajor(100 * g.Average(p => p.ShareOfTraining), g.Key.Rewind);
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Title($"{title}: instability against the rewind point");
        plot.XLabel("Rewind point (% of training)");
        plot.YLabel("Error barrier (percentage points)");
        plot.ShowLegend(Alignment.UpperRight);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    private static string Network(StabilityPair p) => p.Level == 0 ? "dense" : $"ticket level {p.Level} ({TableText.Percent(p.RemainingOfAll)} of all parameters)";
}
