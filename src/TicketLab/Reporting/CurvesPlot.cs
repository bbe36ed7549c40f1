using ScottPlot;

namespace TicketLab.Reporting;

/// <summary>Train (dashed) and validation (solid) curves per level for one group and method, mean over seeds: where overfitting shows.</summary>
public static class CurvesPlot
{
    public const int Width = 900, Height = 520;

    /// <summary>Which figure of an epoch to draw.</summary>
    public enum Figure { Loss, Accuracy }

    /// <summary>Level 0 (dense) and every level of <paramref name="method"/>, as PNG bytes.</summary>
    public static byte[] Png(GroupSummary g, string method, Figure figure)
    {
        var plot = new Plot();
        var levels = g.Levels.Where(l => l.Level == 0 && l.Method == "dense" || l.Level > 0 && l.Method == method).ToList();
        var colours = new ScottPlot.Colormaps.Viridis();
        for (int i = 0; i < levels.Count; i++)
        {
            var l = levels[i];
            if (l.Epochs.Count == 0) continue;
            var color = colours.GetColor(levels.Count == 1 ? 0 : 0.9 * i / (levels.Count - 1));
            double scale = figure == Figure.Accuracy ? 100 : 1;
            var xs = l.Epochs.Select(e => e.Epoch + 1.0).ToArray();
            var train = plot.Add.Scatter(xs, l.Epochs.Select(e => scale * (figure == Figure.Loss ? e.TrainLoss : e.TrainAccuracy).Mean).ToArray(), color);
            train.LinePattern = LinePattern.Dashed;
            train.LineWidth = 1.5f;
            train.MarkerSize = 4;
            var val = plot.Add.Scatter(xs, l.Epochs.Select(e => scale * (figure == Figure.Loss ? e.ValidationLoss : e.ValidationAccuracy).Mean).ToArray(), color);
            val.LineWidth = 2.5f;
            val.MarkerSize = 6;
            val.LegendText = $"level {l.Level} ({100 * l.Remaining.Mean:0.##}% left)";
        }
        plot.Title($"{g.Dataset} {g.Label}: {method} — {(figure == Figure.Loss ? "loss" : "accuracy")} (solid: validation, dashed: train)");
        plot.XLabel("Epoch");
        plot.YLabel(figure == Figure.Loss ? "Cross-entropy loss" : "Accuracy (%)");
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.ShowLegend(figure == Figure.Loss ? Alignment.UpperRight : Alignment.LowerRight);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }
}
