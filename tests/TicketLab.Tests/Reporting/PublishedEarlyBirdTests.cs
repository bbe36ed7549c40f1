using System.Globalization;
using TicketLab.Reporting;

namespace TicketLab.Tests.Reporting;

/// <summary>The published early-bird page (docs/results/early-bird.md) says what its committed CSVs hold: each row's accuracies,
/// difference and p-values, recomputed from the per-seed raw results.</summary>
public class PublishedEarlyBirdTests
{
    private static double D(string s) => PublishedData.Number(s);

    [Fact]
    public void EachRowOfThePageIsTheSummaryCsvAndTheSummaryIsThePairedTestOfTheRawResults()
    {
        var page = PublishedData.Page("early-bird.md");
        var raw = PublishedData.Csv("early-bird-imdb-cnn.csv");
        foreach (var row in PublishedData.Csv("early-bird-imdb-cnn-summary.csv"))
        {
            int level = int.Parse(row["level"], CultureInfo.InvariantCulture);
            var runs = raw.Where(r => r["group_key"] == row["group_key"] && r["level"] == row["level"]).ToList();
            double Acc(string run, string method) => D(runs.Single(r => r["run"] == run && r["method"] == method)["test_acc"]);
            var pairs = runs.Select(r => r["run"]).Distinct().Select(run => (Acc(run, "ticket"), Acc(run, "early-bird"))).ToList();
            Assert.Equal(5, pairs.Count);
            var c = PairedComparison.Of("ticket", "early-bird", level, pairs);
            Assert.Equal(c.Difference.Mean, D(row["diff_mean"]), 12);
            if (!double.IsNaN(c.TTestP)) Assert.Equal(c.TTestP, D(row["p_ttest"]), 12);

            string threshold = row["label"].Contains("0.02") ? "0.02" : "0.1";
            string remaining = (100 * D(row["all_params_remaining"])).ToString("0.#", CultureInfo.InvariantCulture) + "%";
            string Pct(string key) => (100 * D(row[key])).ToString("F2", CultureInfo.InvariantCulture);
            var line = page.Split('\n').Single(l => l.StartsWith($"| {threshold} | {remaining} |"));
            Assert.Contains($"| {Pct("bird_test_acc_mean")} ± {Pct("bird_test_acc_std")} | {Pct("ticket_test_acc_mean")} ± {Pct("ticket_test_acc_std")} |", line);
            Assert.Contains($"| {row["fired"]} of 5 |", line);
            if (c.Difference.Mean != 0)
                Assert.Contains((100 * c.Difference.Mean).ToString("0.00", CultureInfo.InvariantCulture).Replace('-', '−'), line);
        }
    }
}
