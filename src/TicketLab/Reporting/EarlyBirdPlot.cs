using ScottPlot;

namespace TicketLab.Reporting;

/// <summary>How the early-bird mask settles (You et al. 2020): the Hamming distance between consecutive masks against the dense epoch,
/// averaged over seeds, one line per level (colour) and group (pattern, named by its threshold), each threshold as a dashed line.</summary>
public static class EarlyBirdPlot
{
    public const int Width = 1000, Height = 540;

    /// <summary>The plot of every search of <paramref name="rows"/> (one dataset and model) as PNG bytes.</summary>
    /// <remarks>A line ends where its seeds' searches end: at the draw, or at the end of training for a rule that never fired.</remarks>
    public static byte[] Png(string title, IReadOnlyList<EarlyBirdStats> rows)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var levels = rows.Select(r => r.Level).Distinct().Order().ToList();
        var groups = rows.Select(r => r.Group.Label).Distinct().ToList();
        LinePattern[] patterns = [LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted, LinePattern.DenselyDashed];
        foreach (var r in rows)
        {
            // the mean over the seeds that reached each check
            var points = r.Draws.SelectMany(d => d.Draw.Checks.Where(c => c.Distance is not null)
                    .Select(c => (Epoch: (double)c.Step / d.Draw.StepsPerEpoch, Distance: c.Distance!.Value)))
                .GroupBy(p => p.Epoch).OrderBy(g => g.Key).Select(g => (Epoch: g.Key, Distance: g.Average(p => p.Distance))).ToList();
            if (points.Count == 0) continue;
            var line = plot.Add.Scatter(points.Select(p => p.Epoch).ToArray(), points.Select(p => p.Distance).ToArray(),
                palette.GetColor(levels.IndexOf(r.Level)));
            line.LinePattern = patterns[groups.IndexOf(r.Group.Label) % patterns.Length];
            line.LineWidth = 2;
            line.MarkerSize = 4;
            var threshold = r.Group.Hparams.Pruning.EarlyBirdThreshold.ToString(System.Globalization.CultureInfo.InvariantCulture);
            line.LegendText = $"{TableText.Share(r.RemainingOfAll)} left, threshold {threshold}: {r.Fired} of {r.Seeds} fired";
        }
        foreach (var threshold in rows.Select(r => r.Group.Hparams.Pruning.EarlyBirdThreshold).Distinct())
        {
            var rule = plot.Add.HorizontalLine(threshold, 1, Colors.Gray, LinePattern.Dashed);
            rule.LegendText = $"threshold {threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        }
        plot.Axes.SetLimitsY(0, 1.1 * rows.SelectMany(r => r.Draws).SelectMany(d => d.Draw.Checks).Select(c => c.Distance ?? 0)
            .Concat(rows.Select(r => r.Group.Hparams.Pruning.EarlyBirdThreshold)).Max());
        plot.Title($"{title}: early-bird mask distance");
        plot.XLabel("Dense training (epochs)");
        plot.YLabel("Hamming distance (share of positions), mean over seeds");
        plot.ShowLegend(Edge.Right);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }
}
