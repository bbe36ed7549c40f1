using System.Text.Json;
using TicketLab.Hparams;
using TicketLab.Lottery;
using TicketLab.Models;
using TicketLab.Models.Bert;
using TicketLab.Pruning;
using TicketLab.Store;
using static TorchSharp.torch;

namespace TicketLab.Inference;

/// <summary>A run's trained network at one (level, method), as stored in its run folder: settings, class names, encoder, mask and
/// the masked weights loaded into a model in inference mode.</summary>
public sealed class TrainedModel : IDisposable
{
    private TrainedModel(string runDir, RunHparams hparams, LevelResult result, TextClassifier model, Mask mask,
                         IReadOnlyList<string> classes, TextEncoder encoder)
    {
        RunDir = runDir;
        Hparams = hparams;
        Result = result;
        Model = model;
        Mask = mask;
        Classes = classes;
        Encoder = encoder;
    }

    public string RunDir { get; }

    /// <summary>The run folder's name (the run's name).</summary>
    public string RunName => Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(RunDir)));

    public RunHparams Hparams { get; }

    /// <summary>The stored result of this level and method (sparsity, per-tensor sparsity, metrics).</summary>
    public LevelResult Result { get; }

    public int Level => Result.Level;

    public string Method => Result.Method;

    /// <summary>The network with the level's weights, pruned weights exactly 0, in eval mode.</summary>
    public TextClassifier Model { get; }

    /// <summary>The level's mask (1 keeps a weight) over the prunable tensors.</summary>
    public Mask Mask { get; }

    /// <summary>Class names in label order (indices as text for runs recorded without classes.txt).</summary>
    public IReadOnlyList<string> Classes { get; }

    public TextEncoder Encoder { get; }

    /// <summary>Loads level <paramref name="level"/> (default: the last finished level of the method) trained by
    /// <paramref name="method"/> (default: ticket, or dense at level 0) from <paramref name="runDir"/>, verified against the
    /// checksums its level JSON recorded.</summary>
    /// <exception cref="UserException">Not a run folder, no such finished level, or a file that does not verify.</exception>
    public static TrainedModel Load(string runDir, int? level = null, string? method = null)
    {
        var hparams = ReadHparams(runDir);
        method ??= level == 0 ? Methods.Dense : Methods.Ticket;
        if (LotteryMethods.Find(method) is null)
            throw new UserException($"--method '{method}' is not one of {string.Join(", ", LotteryMethods.All.Select(m => m.Name))}");
        int chosen = level ?? LastLevel(runDir, method)
            ?? throw new UserException($"{runDir} has no finished {method} level; train it first or pass --level and --method");

        var problems = new List<string>();
        var store = new FolderLevelStore(runDir, problems.Add);
        var stored = store.TryLoad(chosen, method) ?? throw new UserException(problems.Count > 0
            ? $"{runDir}: level {chosen} {method} cannot be used: {problems[0]}"
            : $"{runDir} has no finished level {chosen} {method} (levels/{chosen:D2}/{method}.json); finished: {Finished(runDir)}");
        TextClassifier? model = null;
        try
        {
            var encoder = TextEncoder.For(hparams, runDir);
            var output = stored.Trained.Tensors.Single(t => IsOutputWeight(t.Name)).Tensor;
            int classes = (int)output.shape[0];
            int vocabSize = encoder.Tokens.Count;
            // No pretrained weights nor word vectors are read: every parameter comes from the level's file.
            var modelHparams = hparams.Model with { Vectors = null };
            model = BertModels.IsBert(modelHparams.Name)
                ? BertModels.CreateRandom(modelHparams.Name, classes, hparams.Seed)
                : ModelRegistry.Create(modelHparams, vocabSize, classes, hparams.Seed);
            Check(model, stored, runDir, chosen, method);
            stored.Trained.CopyInto(model);
            using (no_grad())
                foreach (var (name, keep) in stored.Mask.Tensors)
                    model.Parameters().Single(p => p.Name == name).Parameter.mul_(keep);
            model.eval();
            stored.Trained.Dispose();
            return new TrainedModel(runDir, hparams, stored.Result, model, stored.Mask, RunClasses.Load(runDir, classes), encoder);
        }
        catch
        {
            model?.Dispose();
            stored.Dispose();
            throw;
        }
    }

    /// <summary>Whether the run prunes whole structures (--scope structured or structured-l2), so its networks compact (<see cref="Compact"/>).</summary>
    public bool IsStructured => Hparams.Pruning.IsStructured;

    /// <summary>A new, physically smaller network that computes what <see cref="Model"/> computes: the filters, hidden units, heads and
    /// feed-forward neurons the mask removed are sliced out of every tensor (<see cref="StructuredCompaction"/>). The caller owns it.</summary>
    /// <param name="option">The option that asked for it, named in the error.</param>
    /// <exception cref="UserException">The run is not structured, or its mask cannot be compacted.</exception>
    public TextClassifier Compact(string option = "compact")
    {
        EnsureStructured(option);
        try { return StructuredCompaction.Compact(Model, Mask); }
        catch (ArgumentException e) { throw new UserException($"{option}: {RunName} level {Level} {Method} cannot be compacted: {e.Message}", e); }
    }

    /// <summary>Throws, naming <paramref name="option"/>, when the run is not structured.</summary>
    /// <exception cref="UserException">The run prunes single weights.</exception>
    public void EnsureStructured(string option)
    {
        if (!IsStructured)
            throw new UserException($"{option}: {RunName} prunes single weights (--scope {Hparams.Pruning.Scope.ToString().ToLowerInvariant()}), "
                + "not whole structures; only a structured run (--scope structured or structured-l2) has structures to slice away");
    }

    /// <summary>Whether <paramref name="name"/> is pruned by this level's mask.</summary>
    public bool IsMasked(string name) => Mask.Names.Contains(name);

    public void Dispose()
    {
        Model.Dispose();
        Mask.Dispose();
    }

    private static bool IsOutputWeight(string name) => name is "fc.weight" or "classifier.weight";

    private static void Check(TextClassifier model, StoredLevel stored, string runDir, int level, string method)
    {
        var expected = model.Parameters().ToDictionary(p => p.Name, p => p.Parameter.shape);
        foreach (var (name, tensor) in stored.Trained.Tensors)
            if (!expected.TryGetValue(name, out var shape) || !shape.SequenceEqual(tensor.shape))
                throw new UserException($"{runDir}: level {level} {method} holds '{name}' [{string.Join(", ", tensor.shape)}], which the run's model "
                    + (shape is null ? "does not have" : $"has as [{string.Join(", ", shape)}]") + "; the run's settings and weights disagree");
    }

    private static RunHparams ReadHparams(string runDir)
    {
        var path = Path.Combine(runDir, "run.json");
        if (!File.Exists(path)) throw new UserException($"{runDir} is not a run folder: it has no run.json");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var h = JsonSerializer.Deserialize<RunHparams>(doc.RootElement.GetProperty("hparams").GetRawText());
            if (h?.Data is null || h.Model is null || h.Training is null || h.Pruning is null) throw new InvalidDataException("incomplete hparams");
            return h;
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or KeyNotFoundException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            throw new UserException($"{path}: cannot read the run's settings: {e.Message.ReplaceLineEndings(" ")}", e);
        }
    }

    /// <summary>The (level, method) pairs a run folder holds finished results of.</summary>
    public static IEnumerable<(int Level, string Method)> FinishedLevels(string runDir) =>
        RunFolder.LevelFiles(runDir).Select(f => (int.Parse(Path.GetFileName(Path.GetDirectoryName(f)!), System.Globalization.CultureInfo.InvariantCulture),
            Path.GetFileNameWithoutExtension(f)));

    private static int? LastLevel(string runDir, string method) =>
        FinishedLevels(runDir).Where(l => l.Method == method).Select(l => (int?)l.Level).Max();

    private static string Finished(string runDir) =>
        FinishedLevels(runDir).Select(l => $"{l.Level} {l.Method}").DefaultIfEmpty("none").Aggregate((a, b) => $"{a}, {b}");
}
