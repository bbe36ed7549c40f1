using System.Globalization;
using System.Text.RegularExpressions;
using SkiaSharp;
using TicketLab.Lottery;
using TicketLab.Reporting;
using TicketLab.Runs;
using TicketLab.Store;
using TicketLab.Tests.Data;

namespace TicketLab.Tests.Reporting;

public class ReportBuilderTests
{
    /// <summary>The report of the recorded study in a fresh folder (the caller disposes the store and the folder).</summary>
    internal static (ResultsStore Store, Report Report, TempDir Out) Build()
    {
        var study = RecordedStudy.Instance;
        var store = ResultsStore.Open(study.RunsDir);
        var outDir = new TempDir();
        return (store, new ReportBuilder(store).Build(outDir.Path), outDir);
    }

    [Fact]
    public void TablesHoldTheMeanAndSampleStdOverSeedsOfTheRecordedValues()
    {
        var (store, report, outDir) = Build();
        using var _ = store;
        using var __ = outDir;
        var recorded = RecordedStudy.Instance.RunNames.SelectMany(store.Levels).ToList();
        Assert.Equal(10, recorded.Count); // 2 seeds × (dense + 2 levels × (ticket, random-prune))

        var csv = File.ReadAllLines(Path.Combine(report.OutDir, "imdb", "levels.csv"));
        var header = csv[0].Split(',');
        var rows = csv[1..].Select(l => l.Split(',')).ToList();
        Assert.Equal(5, rows.Count);
        foreach (var group in recorded.GroupBy(l => (l.Level, l.Method)))
        {
            var row = Assert.Single(rows, r => r[Array.IndexOf(header, "level")] == group.Key.Level.ToString(CultureInfo.InvariantCulture) && r[Array.IndexOf(header, "method")] == group.Key.Method);
            var acc = group.Select(l => l.Test.Accuracy).ToArray();
            var mean = (acc[0] + acc[1]) / 2;
            var std = Math.Abs(acc[0] - acc[1]) / Math.Sqrt(2); // sample std of two values
            Assert.Equal("2", row[Array.IndexOf(header, "seeds")]);
            Assert.Equal(mean, double.Parse(row[Array.IndexOf(header, "test_acc_mean")], CultureInfo.InvariantCulture), 12);
            Assert.Equal(std, double.Parse(row[Array.IndexOf(header, "test_acc_std")], CultureInfo.InvariantCulture), 12);
            var trainLoss = group.Select(l => l.Train.Loss).Average();
            Assert.Equal(trainLoss, double.Parse(row[Array.IndexOf(header, "train_loss_mean")], CultureInfo.InvariantCulture), 12);
        }
        var ticket2 = recorded.Where(l => l.Level == 2 && l.Method == Methods.Ticket).ToList();
        Assert.All(ticket2, l => Assert.Equal(0.25, l.Remaining, 3));

        // the Markdown shows the same figures in percent
        var dense = recorded.Where(l => l.Method == Methods.Dense).Select(l => l.Test.Accuracy).ToArray();
        var denseMd = File.ReadAllText(Path.Combine(report.OutDir, "imdb", "dense.md"));
        Assert.Contains("| Model | Seeds | Train Loss (best) | Train Acc. (best) | Test Loss | Test Acc. | Val Acc. | Test Acc. 95% CI |", denseMd);
        Assert.Contains($"| CNN | 2 |", denseMd);
        Assert.Contains(Stat.Of(dense).Format("F2", 100) + " |", denseMd);
        var levelsMd = File.ReadAllText(Path.Combine(report.OutDir, "imdb", "levels.md"));
        Assert.Contains("| Model | Level | % of all parameters remaining | % of prunable weights remaining | ticket Test Acc. | random-prune Test Acc. |", levelsMd);
        var allLeft = TableText.Share(ticket2.Average(l => l.RemainingOfAll));
        Assert.Contains($"| CNN | 2 | {allLeft} | 25.00% | {Stat.Of(ticket2.Select(l => l.Test.Accuracy)).Format("F2", 100)} |", levelsMd);
    }

    [Fact]
    public void PlotsArePngsThatDecodeAndTheHtmlInlinesThemBesideTheTables()
    {
        var (store, report, outDir) = Build();
        using var _ = store;
        using var __ = outDir;
        // accuracy vs weights left, and loss + accuracy curves for each method
        Assert.Equal(["accuracy-cnn.png", "curves-cnn-*-random-prune-acc.png", "curves-cnn-*-random-prune-loss.png", "curves-cnn-*-ticket-acc.png", "curves-cnn-*-ticket-loss.png"],
            report.Plots.Select(p => Regex.Replace(Path.GetFileName(p), "cnn-[0-9a-f]{10}-", "cnn-*-")).Order(StringComparer.Ordinal));
        foreach (var png in report.Plots)
        {
            using var bitmap = SKBitmap.Decode(png);
            Assert.NotNull(bitmap);
            Assert.True(bitmap.Width >= 800 && bitmap.Height >= 500, $"{png}: {bitmap.Width}×{bitmap.Height}");
            // not a blank canvas: a real plot has many distinct colours (lines, text, markers)
            Assert.True(bitmap.Pixels.Distinct().Take(50).Count() == 50, $"{png} looks empty");
        }

        var html = File.ReadAllText(report.HtmlPath);
        var images = Regex.Matches(html, "src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");
        Assert.Equal(report.Plots.Count, images.Count);
        Assert.Equal(File.ReadAllBytes(report.Plots.Single(p => p.EndsWith("accuracy-cnn.png"))), Convert.FromBase64String(images[0].Groups[1].Value));
        Assert.Contains("<th>Train Loss (best)</th>", html);
        Assert.Contains("<th>ticket Test Acc.</th>", html);
        foreach (var run in RecordedStudy.Instance.RunNames) Assert.Contains($"<td>{run}</td><td>done</td>", html);
        Assert.DoesNotContain("src=\"http", html); // self-contained
    }

    [Fact]
    public void EachRunHasTensorBoardScalarsPerEpochAndLevel()
    {
        var study = RecordedStudy.Instance;
        using var store = ResultsStore.Open(study.RunsDir);
        foreach (var run in study.RunNames)
        {
            var file = Assert.Single(Directory.GetFiles(RunRecorder.TensorBoardDir(Path.Combine(study.RunsDir, run))));
            var scalars = TfEventsReader.Read(file).SelectMany(e => e.Values.Select(v => (v.Tag, e.Step, v.Value))).ToList();
            var epochs = store.Epochs(run, 2, Methods.Ticket);
            Assert.Equal(2, epochs.Count);
            foreach (var e in epochs)
                Assert.Contains(("level_02/ticket/val_acc", (long)e.Epoch, (float)e.Validation.Accuracy), scalars);
            var test = store.Levels(run).Single(l => l.Level == 1 && l.Method == Methods.RandomPrune).Test.Accuracy;
            Assert.Contains(("random-prune/test_acc", 1L, (float)test), scalars);
            Assert.Equal(10 * 2 * 4 / 2 + 5 * 4, scalars.Count); // 5 levels × 2 epochs × 4 curves + 5 × 4 level points
        }
    }

    [Fact]
    public void TheRecorderKeptFilesWithChecksumsAndAStoreRebuiltFromTheFoldersAgrees()
    {
        var study = RecordedStudy.Instance;
        using var store = ResultsStore.Open(study.RunsDir);
        foreach (var run in study.RunNames)
        {
            var artefacts = store.Artefacts(run);
            Assert.Equal(5 * 2 + 1, artefacts.Count); // mask + weights per level and method, rewind weights with dense
            Assert.All(artefacts, a => Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(a.Path))), a.Sha256));
            Assert.Equal(RunState.Done, store.Run(run)!.State);
        }

        using var copy = new TempDir();
        foreach (var run in study.RunNames)
            foreach (var f in Directory.GetFiles(Path.Combine(study.RunsDir, run), "*", SearchOption.AllDirectories).Where(f => f.EndsWith(".json")))
            {
                var target = Path.Combine(copy.Path, Path.GetRelativePath(study.RunsDir, f));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(f, target);
            }
        using var rebuilt = ResultsStore.Open(copy.Path);
        Assert.Equal(2, rebuilt.ImportAll().Count);
        Assert.Equal(store.Runs().Select(r => (r.Name, r.GroupKey, r.Canonical, r.State)), rebuilt.Runs().Select(r => (r.Name, r.GroupKey, r.Canonical, r.State)));
        foreach (var run in study.RunNames)
        {
            Assert.Equal(store.Levels(run).Select(Comparable), rebuilt.Levels(run).Select(Comparable));
            Assert.Equal(store.Epochs(run, 1, Methods.Ticket), rebuilt.Epochs(run, 1, Methods.Ticket));
        }
    }

    [Fact]
    public void RunsTableShowsStateAndTheTicketChosenByValidation()
    {
        var study = RecordedStudy.Instance;
        using var store = ResultsStore.Open(study.RunsDir);
        var table = RunsTable.From(store, DateTimeOffset.UtcNow);
        foreach (var run in study.RunNames)
        {
            var row = Assert.Single(table.Rows, r => r[0] == run);
            // the level is chosen on validation accuracy (ties: the lower level) and its test accuracy shown
            var best = store.Levels(run).Where(l => l.Method == Methods.Ticket).MaxBy(l => l.Validation.Accuracy)!;
            Assert.Equal("done", row[1]);
            Assert.Equal($"{(100 * best.Test.Accuracy).ToString("F2", CultureInfo.InvariantCulture)}% (level {best.Level})", row[8]);
            Assert.Equal($"{TableText.Share(best.RemainingOfAll)} ({TableText.Share(best.Remaining)})", row[9]);
        }
    }

    private static object Comparable(LevelRecord l) => (l.Level, l.Method, l.Sparsity, l.BestEpoch, l.Train, l.Validation, l.Test, l.Seconds, string.Join(";", l.PerTensor));
}
