using ScottPlot;
using TicketLab.Lottery;

namespace TicketLab.Reporting;

/// <summary>The plots of an instability analysis (Frankle et al. 2020): the validation error along each path, and the barrier against the rewind point.</summary>
public static class StabilityPlot
{
    public const int Width = 900, Height = 520;

    /// <summary>Validation error (%) against α, one line per rewind point and level (colour: level; line pattern: rewind point), as PNG bytes.</summary>
    public static byte[] PathPng(string title, IReadOnlyList<StabilityPair> pairs)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var levels = pairs.Select(p => p.Level).Distinct().Order().ToList();
        var steps = pairs.Select(p => p.Step).Distinct().Order().ToList();
        LinePattern[] patterns = [LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted, LinePattern.DenselyDashed];
        foreach (var p in pairs.OrderBy(p => p.Level).ThenBy(p => p.Step))
        {
            var line = plot.Add.Scatter(p.Path.Select(a => a.Alpha).ToArray(), p.Path.Select(a => 100 * a.Error).ToArray(), palette.GetColor(levels.IndexOf(p.Level)));
            line.LinePattern = patterns[steps.IndexOf(p.Step) % patterns.Length];
            line.LineWidth = 2;
            line.MarkerSize = 5;
            line.LegendText = $"{Network(p)}, rewind {p.Rewind}";
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
        foreach (var level in pairs.GroupBy(p => p.Level).OrderBy(g => g.Key))
        {
            var points = level.OrderBy(p => p.Step).ToList();
            var line = plot.Add.Scatter(points.Select(p => 100 * p.ShareOfTraining).ToArray(), points.Select(p => 100 * p.Barrier).ToArray(), palette.GetColor(colour++));
            line.LineWidth = 2;
            line.MarkerSize = 7;
            line.LegendText = Network(points[0]);
        }
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (var p in pairs.DistinctBy(p => p.Step)) ticks.AddMajor(100 * p.ShareOfTraining, p.Rewind);
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Title($"{title}: instability against the rewind point");
        plot.XLabel("Rewind point (% of training)");
        plot.YLabel("Error barrier (percentage points)");
        plot.ShowLegend(Alignment.UpperRight);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    private static string Network(StabilityPair p) => p.Level == 0 ? "dense" : $"ticket level {p.Level} ({TableText.Percent(p.RemainingOfAll)} of all parameters)";
}
