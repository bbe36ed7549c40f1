using System.Diagnostics;
using System.Globalization;
using TicketLab.Export;
using TicketLab.Inference;
using TicketLab.Tests.Architecture;
using TicketLab.Tests.Data;
using TicketLab.Tests.Inference;

namespace TicketLab.Tests.Export;

/// <summary>examples/Score.cs, a file-based app with no TicketLab reference, scores an exported model as TicketLab predicts.</summary>
[Collection("Bert")]
public sealed class ScoreExampleTests : IDisposable
{
    private readonly TempDirs _dirs = new();

    public void Dispose() => _dirs.Dispose();

    [Theory]
    [InlineData("lstm")]
    [InlineData("bert")]
    public async Task The_example_prints_the_labels_and_probabilities_that_predict_gives(string family)
    {
        using var m = TrainedModel.Load(family == "lstm" ? TrainedRuns.Lstm : TrainedRuns.Bert, 1);
        var model = Path.Combine(_dirs.New(), "model.onnx");
        Exporter.Onnx(m, model);
        string[] texts = [.. TrainedRuns.SomeReviews(3), "Café <br /><br />\"Wow\": not bad; 10/10!"];

        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] args = ["run", Path.Combine(RepositoryRoot.Path, "examples", "Score.cs"), "--", model, .. texts];
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdoutTask = p.StandardOutput.ReadToEndAsync();
        var stderrTask = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));   // the first run compiles the app and restores its packages
        await p.WaitForExitAsync(timeout.Token);
        var (stdout, stderr) = (await stdoutTask, await stderrTask);
        Assert.True(p.ExitCode == 0, stdout + stderr);

        var expected = Predictor.Dense(m).Predict(texts);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(texts.Length, lines.Length);
        for (int i = 0; i < texts.Length; i++)
        {
            var fields = lines[i].Split('\t');
            Assert.Equal(m.Classes[expected[i].Label], fields[0]);
            for (int k = 0; k < m.Classes.Count; k++)
            {
                Assert.StartsWith(m.Classes[k] + "=", fields[k + 1]);
                Assert.Equal(expected[i].Probabilities[k], float.Parse(fields[k + 1][(m.Classes[k].Length + 1)..], CultureInfo.InvariantCulture), 1e-4);
            }
        }
    }
}
