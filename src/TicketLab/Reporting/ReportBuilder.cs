using System.Globalization;
using System.Text;
using TicketLab.Store;
using static TicketLab.Reporting.TableText;

namespace TicketLab.Reporting;

/// <summary>Builds the study report from the results store alone: per-dataset tables (Markdown, CSV), plots (PNG) and one self-contained HTML page.</summary>
/// <remarks>
/// Layout: report.html, report.md, summary.md|csv (the one-page study summary, publishable as a results README), and per dataset
/// &lt;dataset&gt;/dense.md|csv, levels.md|csv, comparisons.md|csv (ticket − each baseline and − the dense reference, paired by seed), ablations.md|csv (each
/// mask − its shuffle and re-init ablations, where a run trains them), mask-rows.md|csv (the rows of each weight matrix a mask removes
/// whole, read from the runs' masks), matrix.md (every method at every level), early-bird.md|csv (early-bird tickets over seeds),
/// early-bird-checks.csv (every mask check of their searches) and early-bird-distance-&lt;model&gt;.png, raw.csv (one row
/// per run × level × method), accuracy-&lt;model&gt;.png, ablations-&lt;model&gt;-&lt;mask&gt;.png, rewind-sweep-&lt;cell&gt;.png (a cell of 3+ rewind points) and curves-&lt;model&gt;-&lt;group&gt;-&lt;method&gt;-loss|acc.png; where runs hold
/// instability analyses, stability-barriers.md|csv and stability-barrier-&lt;cell&gt;.png. Replicates (same
/// group key) become mean ± std and a 95% CI over seeds.
/// </remarks>
public sealed class ReportBuilder(ResultsStore store)
{
    public Report Build(string outDir, DateTimeOffset? now = null)
    {
        var time = now ?? DateTimeOffset.UtcNow;
        outDir = Path.GetFullPath(outDir);
        Directory.CreateDirectory(outDir);
        var groups = StudySummary.From(store);
        var tables = new List<string>();
        var plots = new List<string>();
        var warnings = new List<string>();
        var html = new HtmlPage("TicketLab report");
        var md = new StringBuilder("# TicketLab report\n\n");
        var built = $"Built {time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC from {store.DatabasePath}.";
        var stamp = built + " " +
            $"Figures are mean ± standard deviation over seeds (sample std; a single seed shows its value alone), with 95% Student-t confidence intervals in the CSVs, comparisons and plots; best = the epoch with the lowest validation loss. Sparsity is stated as {TableText.AllRemaining} (embedding included), with the {TableText.PrunableRemaining} beside it.";
        html.Paragraph(stamp);
        md.Append(Markdown.Escape(stamp)).Append("\n\n");

        var runs = RunsTable.From(store, time);
        html.Heading(2, "Runs").Table(runs);
        md.Append("## Runs\n\n").Append(runs.ToMarkdown()).Append('\n');

        var summary = SummaryTable.Display(groups);
        tables.AddRange([
            Write(Path.Combine(outDir, "summary.md"), SummaryTable.Page(groups, built)),
            Write(Path.Combine(outDir, "summary.csv"), SummaryTable.Csv(groups).ToCsv()),
        ]);
        html.Heading(2, "Summary: the sparsest matching ticket against each baseline").Paragraph(MatchingCriterion.Default.Describe()).Table(summary);
        md.Append("## Summary: the sparsest matching ticket against each baseline\n\n").Append(Markdown.Escape(MatchingCriterion.Default.Describe()))
            .Append("\n\n").Append(summary.ToMarkdown()).Append('\n');

        foreach (var dataset in groups.GroupBy(g => g.Dataset))
        {
            var dir = Path.Combine(outDir, Slug(dataset.Key));
            Directory.CreateDirectory(dir);
            var list = dataset.ToList();
            var dense = StudyTables.Dense(list);
            var levels = StudyTables.Levels(list);
            var comparisons = ComparisonTable.Display(list);
            tables.AddRange([
                Write(Path.Combine(dir, "dense.md"), dense.ToMarkdown()),
                Write(Path.Combine(dir, "dense.csv"), StudyTables.DenseCsv(list).ToCsv()),
                Write(Path.Combine(dir, "levels.md"), levels.ToMarkdown()),
                Write(Path.Combine(dir, "levels.csv"), StudyTables.LevelsCsv(list).ToCsv()),
                Write(Path.Combine(dir, "comparisons.md"), comparisons.ToMarkdown()),
                Write(Path.Combine(dir, "comparisons.csv"), ComparisonTable.Csv(list).ToCsv()),
                Write(Path.Combine(dir, "raw.csv"), RawResultsTable.From(list).ToCsv()),
                Write(Path.Combine(dir, "matrix.md"), MethodMatrix.Page(list)),
            ]);

            var ablations = AblationTable.Any(list) ? AblationTable.Display(list) : null;
            if (ablations is not null)
                tables.AddRange([
                    Write(Path.Combine(dir, "ablations.md"), ablations.ToMarkdown()),
                    Write(Path.Combine(dir, "ablations.csv"), AblationTable.Csv(list).ToCsv()),
                ]);

            html.Heading(2, dataset.Key, Slug(dataset.Key));
            md.Append($"## {Markdown.Escape(dataset.Key)}\n\n");
            html.Heading(3, "Dense networks").Table(dense);
            md.Append("### Dense networks\n\n").Append(dense.ToMarkdown()).Append('\n');
            html.Heading(3, "Tickets and baselines per level (test accuracy, %)").Table(levels);
            md.Append("### Tickets and baselines per level (test accuracy, %)\n\n").Append(levels.ToMarkdown()).Append('\n');
            const string compared = "Ticket − each baseline per level (test accuracy, paired by seed)";
            html.Heading(3, compared).Table(comparisons);
            md.Append($"### {compared}\n\n").Append(comparisons.ToMarkdown()).Append('\n');
            if (ablations is not null)
            {
                const string ablated = "Each mask − its shuffle and re-init ablations per level (test accuracy, paired by seed)";
                html.Heading(3, ablated).Table(ablations);
                md.Append($"### {ablated}\n\n").Append(ablations.ToMarkdown()).Append('\n');
            }

            if (MaskRowsTable.Of(list, store.RunsDir, warnings.Add) is { Count: > 0 } maskRows)
            {
                var rowsTable = MaskRowsTable.Display(maskRows);
                tables.AddRange([
                    Write(Path.Combine(dir, "mask-rows.md"), rowsTable.ToMarkdown()),
                    Write(Path.Combine(dir, "mask-rows.csv"), MaskRowsTable.Csv(maskRows).ToCsv()),
                ]);
                const string removed = "Rows each mask removes whole (an embedding's words, a layer's filters or units), % over seeds";
                html.Heading(3, removed).Table(rowsTable);
                md.Append($"### {removed}\n\n").Append(rowsTable.ToMarkdown()).Append('\n');
            }

            foreach (var model in list.GroupBy(g => g.Model))
            {
                var title = $"{dataset.Key}: {ModelLabels.Of(model.Key)} — test accuracy vs {TableText.AllRemaining}";
                if (!model.Any(g => g.PrunedMethods.Count > 0)) continue;
                var groupsOfModel = model.ToList();
                // twenty series do not read on one plot: other masks' ablations get a plot per mask, beside the ticket
                var masks = AccuracyPlot.AblatedMasks(groupsOfModel);
                var figures = new List<(string Title, string File, byte[] Png)>
                {
                    (title, $"accuracy-{Slug(model.Key)}.png", AccuracyPlot.Png(title, groupsOfModel,
                        masks.Count == 0 ? null : (g, m) => AccuracyPlot.AblatedMask(g, m) is not { } of || !masks.Contains(of))),
                };
                foreach (var mask in masks)
                {
                    var ablated = $"{dataset.Key}: {ModelLabels.Of(model.Key)} — {mask}, its ablations and the ticket vs {TableText.AllRemaining}";
                    figures.Add((ablated, $"ablations-{Slug(model.Key)}-{Slug(mask)}.png", AccuracyPlot.Png(ablated, groupsOfModel,
                        (g, m) => m == mask || m == Lottery.Methods.Ticket || AccuracyPlot.AblatedMask(g, m) == mask)));
                }
                foreach (var (figureTitle, name, png) in figures)
                {
                    var file = Write(Path.Combine(dir, name), png);
                    plots.Add(file);
                    html.Image(png, figureTitle);
                    md.Append($"![{Markdown.Escape(figureTitle)}]({Path.GetRelativePath(outDir, file).Replace('\\', '/')})\n\n");
                }
            }

            foreach (var cell in list.GroupBy(g => g.CellLabel))
            {
                var title = $"{dataset.Key}: {cell.Key}";
                if (RewindSweepPlot.Png(title, cell.ToList()) is not { } sweep) continue;
                var file = Write(Path.Combine(dir, $"rewind-sweep-{Slug(cell.Key)}.png"), sweep);
                plots.Add(file);
                var caption = $"{title}: test accuracy against the rewind point";
                html.Image(sweep, caption);
                md.Append($"![{Markdown.Escape(caption)}]({Path.GetRelativePath(outDir, file).Replace('\\', '/')})\n\n");
            }

            if (EarlyBirdStats.Of(list, store.RunsDir) is { Count: > 0 } birds)
            {
                var table = EarlyBirdTable.Display(birds);
                tables.AddRange([
                    Write(Path.Combine(dir, "early-bird.md"), table.ToMarkdown()),
                    Write(Path.Combine(dir, "early-bird.csv"), EarlyBirdTable.Csv(birds).ToCsv()),
                    Write(Path.Combine(dir, "early-bird-checks.csv"), EarlyBirdTable.ChecksCsv(birds).ToCsv()),
                ]);
                const string heading = "Early-bird tickets against IMP's at the same level";
                const string about = "Steps to mask: optimiser steps the early-bird search took before its mask was drawn, against IMP's dense training and " +
                                     "earlier tickets; both then train their ticket once more. Test accuracy mean ± std over seeds; ticket − early-bird paired by seed.";
                html.Heading(3, heading).Paragraph(about).Table(table);
                md.Append($"### {heading}\n\n{Markdown.Escape(about)}\n\n").Append(table.ToMarkdown()).Append('\n');
                foreach (var model in birds.GroupBy(b => b.Group.Model))
                {
                    var title = $"{dataset.Key}: {ModelLabels.Of(model.Key)}";
                    var png = EarlyBirdPlot.Png(title, model.ToList());
                    var file = Write(Path.Combine(dir, $"early-bird-distance-{Slug(model.Key)}.png"), png);
                    plots.Add(file);
                    var caption = $"{title}: early-bird mask distance per check";
                    html.Image(png, caption);
                    md.Append($"![{Markdown.Escape(caption)}]({Path.GetRelativePath(outDir, file).Replace('\\', '/')})\n\n");
                }
            }

            Stability(list, dir, outDir, html, md, tables, plots, warnings);

            html.Heading(3, "Training curves per level");
            md.Append("### Training curves per level\n\n");
            foreach (var g in list.Where(g => g.Levels.Any(l => l.Epochs.Count > 0)))
                foreach (var method in g.PrunedMethods.DefaultIfEmpty(Lottery.Methods.Dense)) // a dense-only run still shows its curves
                    foreach (var figure in new[] { CurvesPlot.Figure.Loss, CurvesPlot.Figure.Accuracy })
                    {
                        var png = CurvesPlot.Png(g, method, figure);
                        var name = $"curves-{Slug(g.Model)}-{g.Group.Key}-{Slug(method)}-{(figure == CurvesPlot.Figure.Loss ? "loss" : "acc")}.png";
                        var file = Write(Path.Combine(dir, name), png);
                        plots.Add(file);
                        var caption = $"{dataset.Key} {g.Label}: {method}, {(figure == CurvesPlot.Figure.Loss ? "loss" : "accuracy")} per epoch";
                        html.Image(png, caption);
                        md.Append($"![{Markdown.Escape(caption)}]({Path.GetRelativePath(outDir, file).Replace('\\', '/')})\n\n");
                    }
        }
        if (groups.Count == 0)
        {
            html.Paragraph("The store holds no runs yet.");
            md.Append("The store holds no runs yet.\n");
        }
        var htmlPath = Write(Path.Combine(outDir, "report.html"), html.ToString());
        var mdPath = Write(Path.Combine(outDir, "report.md"), md.ToString());
        return new Report(outDir, htmlPath, mdPath, tables, plots) { Warnings = warnings };
    }

    /// <summary>The instability analyses (`ticketlab stability`) of the dataset's runs, read from their stability/ folders: the barrier per
    /// cell, rewind point and level over seeds beside the network's test accuracy (stability-barriers.md|csv), and per cell the barrier
    /// against the rewind point (stability-barrier-&lt;cell&gt;.png). Nothing when no run was analysed.</summary>
    private void Stability(IReadOnlyList<GroupSummary> groups, string dir, string outDir, HtmlPage html, StringBuilder md,
        List<string> tables, List<string> plots, List<string> warnings)
    {
        var observations = groups.SelectMany(g => g.Group.Runs.SelectMany(r =>
                StabilityFolder.ReadPairs(Path.Combine(store.RunsDir, r.Name), warnings.Add)
                    .Select(p => new StabilityObservation(g.Dataset, g.CellLabel, g.Rewind, p))))
            .ToList();
        if (observations.Count == 0) return;
        var rows = StabilityStats.Of(observations, (_, cell, rewind, level) =>
            groups.Where(g => g.CellLabel == cell && g.Rewind == rewind).SelectMany(g => g.Levels)
                .FirstOrDefault(l => l.Level == level && l.Method == Lottery.Methods.ChainAt(level))?.TestAccuracy);
        var table = StabilityTables.Barriers(rows);
        tables.AddRange([
            Write(Path.Combine(dir, "stability-barriers.md"), table.ToMarkdown()),
            Write(Path.Combine(dir, "stability-barriers.csv"), StabilityTables.BarriersCsv(rows).ToCsv()),
        ]);
        const string heading = "Instability: error barrier per rewind point and level (linear mode connectivity)";
        var about = "Two copies of each network trained from the rewind point with different data orders (same mask); the error barrier is the " +
                    "highest validation error on the straight path between them minus the mean of the two ends' (Frankle et al. 2020), in percentage " +
                    "points, mean ± std over seeds with its 95% CI; test accuracy is the dense network's, or the ticket's found with that rewind point.";
        html.Heading(3, heading).Paragraph(about).Table(table);
        md.Append($"### {heading}\n\n{Markdown.Escape(about)}\n\n").Append(table.ToMarkdown()).Append('\n');
        foreach (var cell in observations.GroupBy(o => o.Cell))
        {
            var title = $"{cell.First().Dataset}: {cell.Key}";
            var png = StabilityPlot.BarrierPng(title, StabilityStats.PlotPairs(cell));
            var file = Write(Path.Combine(dir, $"stability-barrier-{Slug(cell.Key)}.png"), png);
            plots.Add(file);
            var caption = $"{title}: error barrier against the rewind point";
            html.Image(png, caption);
            md.Append($"![{Markdown.Escape(caption)}]({Path.GetRelativePath(outDir, file).Replace('\\', '/')})\n\n");
        }
    }

    private static string Write(string path, string text)
    {
        AtomicFile.WriteAllText(path, text);
        return path;
    }

    private static string Write(string path, byte[] bytes)
    {
        AtomicFile.WriteAllBytes(path, bytes);
        return path;
    }
}
