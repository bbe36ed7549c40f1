using System.Text.Json;
using TicketLab.Data;
using TicketLab.Lottery;
using TicketLab.Models;
using TicketLab.Reporting;

namespace TicketLab.Experiments;

/// <summary>One run end to end: data → model → lottery levels → files in its run folder; re-running resumes it.</summary>
public sealed class Experiment(RunHparams hparams, ExperimentOptions options)
{
    public string RunName { get; } = RunIdentity.Name(hparams);

    public string RunDir => Path.Combine(options.RunsDir, RunName);

    /// <summary>Rejects unknown names and impossible settings before anything is read or written.</summary>
    public void Validate()
    {
        hparams.Pruning.Validate();
        DatasetRegistry.Validate(hparams.Data.Dataset);
        ModelRegistry.Validate(hparams.Model.Name);
    }

    public ExperimentOutcome Run()
    {
        Validate();
        if (options.Threads is { } threads) TorchSharp.torch.set_num_threads(threads);
        var log = options.Log ?? (_ => { });

        var data = DatasetRegistry.LoadEncoded(hparams.Data, DataDirectory.Resolve(options.DataDir), options.Downloader ?? new Downloader());
        log($"{data.Name}: {data.Train.Count} train / {data.Validation.Count} validation / {data.Test.Count} test, vocabulary {data.Vocab.Count}");

        Directory.CreateDirectory(RunDir);
        AtomicFile.WriteAllText(Path.Combine(RunDir, "run.json"), JsonSerializer.Serialize(new
        {
            name = RunName,
            canonical = RunIdentity.Canonical(hparams),
            hparams,
        }, FolderLevelStore.Json));
        WriteStatus("running", null);
        try
        {
            var runner = new LotteryRunner(
                seed => ModelRegistry.Create(hparams.Model, data.Vocab.Count, data.ClassNames.Count, seed),
                hparams.Training, hparams.Pruning, hparams.Seed,
                new FolderLevelStore(RunDir), options.TrainingObserver, options.LotteryObserver);
            var levels = runner.Run(data);
            var table = new ResultsTable(ModelLabel(), levels);
            var markdown = table.ToMarkdown();
            AtomicFile.WriteAllText(Path.Combine(RunDir, "results.md"), $"# {RunName}\n\n{markdown}");
            AtomicFile.WriteAllText(Path.Combine(RunDir, "results.csv"), table.ToCsv());
            WriteStatus("done", null);
            return new ExperimentOutcome(RunDir, RunName, levels, markdown);
        }
        catch (Exception e)
        {
            WriteStatus("failed", e.Message);
            throw;
        }
    }

    private string ModelLabel() => hparams.Model.Name.ToLowerInvariant() switch
    {
        "cnn" => "CNN",
        var other => other.ToUpperInvariant(),
    };

    private void WriteStatus(string state, string? error) =>
        AtomicFile.WriteAllText(Path.Combine(RunDir, "status.json"),
            JsonSerializer.Serialize(new { state, error, time = DateTimeOffset.UtcNow }, FolderLevelStore.Json));
}
