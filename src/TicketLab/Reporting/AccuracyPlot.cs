using ScottPlot;

namespace TicketLab.Reporting;

/// <summary>Test accuracy against the % of all parameters remaining (log x axis from 100% down, as in the LTH paper): one line per method at its mean over seeds with a shaded 95% confidence band (ablations in their mask's colour), dense as a horizontal band.</summary>
public static class AccuracyPlot
{
    public const int Width = 1100, Height = 560;

    public const string XLabel = TableText.AllRemaining + " (log scale)";

    /// <summary>The plot for one dataset and model (all its groups: late-rewinding groups add their own series) as PNG bytes;
    /// <paramref name="shows"/> picks the series (all when null), each keeping the colour and line it has in the full plot.</summary>
    public static byte[] Png(string title, IReadOnlyList<GroupSummary> groups, Func<GroupSummary, string, bool>? shows = null)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        double minLeft = 100;
        var lefts = new SortedSet<double> { 100 };
        foreach (var (g, method, colour, pattern, marker) in Styles(groups))
        {
            if (shows is not null && !shows(g, method)) continue;
            var points = g.Levels.Where(l => l.Method == method && l.Level > 0).OrderBy(l => l.Level).ToList();
            if (points.Count == 0) continue;
            var xs = points.Select(p => Math.Log10(100 * p.RemainingOfAll.Mean)).ToArray();
            var ys = points.Select(p => 100 * p.TestAccuracy.Mean).ToArray();
            minLeft = Math.Min(minLeft, points.Min(p => 100 * p.RemainingOfAll.Mean));
            foreach (var p in points) lefts.Add(RoundSignificant(100 * p.RemainingOfAll.Mean));
            var color = palette.GetColor(colour);
            Band(plot, xs, points.Select(p => p.TestAccuracy.Interval).ToList(), color);
            var line = plot.Add.Scatter(xs, ys, color);
            line.LegendText = g.SeriesLabel(method);
            line.LineWidth = 2;
            line.MarkerSize = 7;
            line.LinePattern = pattern;
            line.MarkerShape = marker;
        }
        // with the embedding unpruned every level can sit within a few percent of 100: pad and space ticks by the span shown
        double span = Math.Max(Math.Log10(100) - Math.Log10(minLeft), 0.02), pad = 0.06 * span;
        double left = Math.Log10(100) + pad, right = Math.Log10(minLeft) - pad;
        // the dense run does not depend on the rewind point, nor on baseline settings: one reference band per dense network
        var denses = groups.Where(g => g.Dense is not null)
            .GroupBy(g => FormattableString.Invariant($"{g.Dense!.TestAccuracy.Mean:R}:{g.Dense.TestAccuracy.Std:R}:{g.Dense.Seeds}")).ToList();
        foreach (var byVariant in denses)
        {
            var dense = byVariant.OrderBy(g => g.LateRewind).First().Dense!;
            var ci = dense.TestAccuracy.Interval;
            if (ci.IsDefined)
            {
                var band = plot.Add.FillY([left, right], [100 * ci.Low, 100 * ci.Low], [100 * ci.High, 100 * ci.High]);
                band.FillColor = Colors.Black.WithAlpha(.12);
                band.LineWidth = 0;
                band.LegendText = "dense, 95% CI";
            }
            var point = plot.Add.Scatter(new[] { 2.0 }, new[] { 100 * dense.TestAccuracy.Mean }, Colors.Black);
            point.MarkerSize = 8;
            var reference = plot.Add.HorizontalLine(100 * dense.TestAccuracy.Mean, 1.5f, Colors.Black, LinePattern.Dashed);
            var variant = byVariant.OrderBy(g => g.Variant.Count).First().Variant;
            reference.LegendText = $"dense ({dense.TestAccuracy.Format("F1", 100)}%)" + (denses.Count == 1 || variant.Count == 0 ? "" : $" [{GroupSummary.Compact(variant)}]");
        }

        // ticks at the levels' own percentages, as in the LTH paper (IMP spaces them evenly on a log axis)
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (var v in Thin(lefts.Reverse().ToList(), span / 20))
            ticks.AddMajor(Math.Log10(v), v.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture));
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.AutoScaleY();
        var y = plot.Axes.GetLimits();
        // left > right reverses the axis: dense (100%) on the left, the sparsest level on the right
        plot.Axes.SetLimits(left, right, y.Bottom, y.Top);
        plot.Title(title);
        plot.XLabel(XLabel);
        plot.YLabel("Test accuracy (%), mean over seeds, 95% CI shaded");
        plot.ShowLegend(Edge.Right); // outside the data: lines never hide under it
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>Each group's pruned methods with their colour (palette index), line pattern and marker: a mask's ablations take its colour,
    /// dashed with triangles for the shuffle and dotted with squares for the re-init, so twenty methods still read as nine families;
    /// late-rewinding groups are densely dashed. A chain's series equal to one already drawn (groups that differ only in a
    /// baseline's settings share the chain's training) is left out.</summary>
    public static IReadOnlyList<(GroupSummary Group, string Method, int Colour, LinePattern Pattern, MarkerShape Marker)> Styles(IReadOnlyList<GroupSummary> groups)
    {
        var styles = new List<(GroupSummary, string, int, LinePattern, MarkerShape)>();
        var drawn = new HashSet<string>();
        int next = 0;
        foreach (var g in groups)
        {
            var colours = new Dictionary<string, int>();
            foreach (var method in g.PrunedMethods)
            {
                // groups that differ only in a baseline's settings share the chain's training: its line is drawn once
                var known = Lottery.LotteryMethods.Find(method);
                if (known?.ExtendsChain == true && !drawn.Add(Signature(g, method))) continue;
                var ablation = known?.Ablation(g.Hparams.Pruning);
                var family = ablation is not null && g.PrunedMethods.Contains(ablation.Of) ? ablation.Of : method;
                if (!colours.TryGetValue(family, out int colour)) colours[family] = colour = next++;
                var (pattern, marker) = family == method ? (g.LateRewind ? LinePattern.DenselyDashed : LinePattern.Solid, MarkerShape.FilledCircle)
                    : ablation!.Kind == Lottery.MaskAblation.Shuffle ? (LinePattern.Dashed, MarkerShape.FilledTriangleUp)
                    : (LinePattern.Dotted, MarkerShape.FilledSquare);
                styles.Add((g, method, colour, pattern, marker));
            }
        }
        return styles;
    }

    /// <summary>The masks other than the ticket's whose ablations the groups trained beside them (SNIP, GraSP…): a study of them
    /// gets one plot per mask with its shuffle and re-init, and the main plot leaves those ablations out (the ticket's own, random-prune
    /// and random-reinit, are the study's baselines and stay).</summary>
    public static IReadOnlyList<string> AblatedMasks(IReadOnlyList<GroupSummary> groups) =>
        MethodOrder.Sort(groups.SelectMany(g => g.PrunedMethods.Select(m => AblatedMask(g, m))
            .OfType<string>().Where(of => of != Lottery.Methods.Ticket && g.PrunedMethods.Contains(of))));

    /// <summary>The mask <paramref name="method"/> ablates in <paramref name="g"/>, or null when it is no ablation.</summary>
    public static string? AblatedMask(GroupSummary g, string method) => Lottery.LotteryMethods.Find(method)?.Ablation(g.Hparams.Pruning)?.Of;

    /// <summary>A series by what it shows: the method and its figures at every level.</summary>
    private static string Signature(GroupSummary g, string method) =>
        method + string.Concat(g.Levels.Where(l => l.Method == method && l.Level > 0).OrderBy(l => l.Level)
            .Select(l => FormattableString.Invariant($"|{l.Level}:{l.RemainingOfAll.Mean:R}:{l.TestAccuracy.Mean:R}:{l.TestAccuracy.Std:R}:{l.Seeds}")));

    /// <summary>The series' 95% CI as a translucent band where it is defined (two seeds or more).</summary>
    private static void Band(Plot plot, double[] xs, IReadOnlyList<ConfidenceInterval> intervals, Color color)
    {
        if (intervals.Any(i => !i.IsDefined)) return;
        var band = plot.Add.FillY(xs, intervals.Select(i => 100 * i.Low).ToArray(), intervals.Select(i => 100 * i.High).ToArray());
        band.FillColor = color.WithAlpha(.18);
        band.LineWidth = 0;
    }

    private static double RoundSignificant(double v) => Math.Round(v, Math.Max(0, 2 - (int)Math.Floor(Math.Log10(v))));

    /// <summary>Drops ticks closer than <paramref name="gap"/> (in decades) to the one kept before them, so labels never overlap.</summary>
    private static IEnumerable<double> Thin(IReadOnlyList<double> descending, double gap)
    {
        double? last = null;
        foreach (var v in descending)
        {
            if (last is { } l && Math.Log10(l) - Math.Log10(v) < gap) continue;
            last = v;
            yield return v;
        }
    }
}
