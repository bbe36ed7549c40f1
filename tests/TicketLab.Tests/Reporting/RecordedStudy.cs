using System.Text.Json;
using TicketLab.Hparams;
using TicketLab.Lottery;
using TicketLab.Models;
using TicketLab.Runs;
using TicketLab.Store;
using TicketLab.Tests.Training;
using TicketLab.Training;
using TicketLab.Tests.Data;

namespace TicketLab.Tests.Reporting;

/// <summary>A tiny real lottery (TextCNN on a few hundred IMDb reviews, 2 levels + random-prune) for seeds 1 and 2, recorded as Experiment would; built once per test process.</summary>
internal sealed class RecordedStudy
{
    private static readonly Lazy<RecordedStudy> Shared = new(() => new RecordedStudy());

    public static RecordedStudy Instance => Shared.Value;

    private readonly TempDir _runs = TempDir.UntilProcessExit();

    public string RunsDir => _runs.Path;

    public IReadOnlyList<RunHparams> Hparams { get; }

    public IReadOnlyList<string> RunNames => Hparams.Select(RunIdentity.Name).ToList();

    private RecordedStudy()
    {
        var data = SmallImdb.Load();
        Hparams = new[] { 1, 2 }.Select(seed => new RunHparams(SmallImdb.Hparams, new ModelHparams(EmbeddingDim: 32, Filters: 16),
            new TrainingHparams(Epochs: 2, BatchSize: 32), new PruningHparams(Rate: 0.5, Levels: 2), seed)).ToList();
        foreach (var h in Hparams)
        {
            var name = RunIdentity.Name(h);
            var runDir = Path.Combine(RunsDir, name);
            Directory.CreateDirectory(runDir);
            File.WriteAllText(Path.Combine(runDir, "run.json"), JsonSerializer.Serialize(new { name, canonical = RunIdentity.Canonical(h), hparams = h }, FolderLevelStore.Json));
            // the calls Experiment.Run makes around the lottery
            using var recorder = new RunRecorder();
            recorder.Started(h, name, runDir);
            var runner = new LotteryRunner(s => ModelRegistry.Create(h.Model, data.Vocab.Count, data.ClassNames.Count, s),
                h.Training, h.Pruning, h.Seed, new FolderLevelStore(runDir), observer: recorder.Observing());
            runner.Run(data);
            recorder.Finished();
            File.WriteAllText(Path.Combine(runDir, "status.json"), JsonSerializer.Serialize(new { state = "done", error = (string?)null, time = DateTimeOffset.UtcNow }, FolderLevelStore.Json));
        }
    }
}
