using System.Text.RegularExpressions;
using TicketLab.Data;
using TicketLab.Lottery;
using TicketLab.Models;
using TicketLab.Models.Bert;
using TicketLab.Pruning;
using TicketLab.Training;

namespace TicketLab.Hparams;

/// <summary>The one list of run settings: each is a CLI option (--name) and a study-file key (name) with the same words, and every
/// setting is bound, normalised and validated here, so a run from the command line and the same run from a study file get one name.</summary>
public static partial class SettingsVocabulary
{
    /// <summary>Every setting of <see cref="RunHparams"/>, in help order, plus the pruning shortcuts the CLI has always had.</summary>
    public static IReadOnlyList<Setting> All { get; } =
    [
        S("dataset", "Data.Dataset", $"a known dataset ({string.Join(", ", DatasetRegistry.NamedDatasets)}) or {string.Join(", ", DatasetRegistry.Prefixes.Select(p => p + ":PATH"))}"),
        S("validation-fraction", "Data.ValidationFraction", "share of the train split held out for validation (stratified), in (0, 1)"),
        S("split-seed", "Data.SplitSeed", "seed of the train/validation split, fixed apart from --seed so replicates share a split (unless --vary-split)"),
        S("max-vocab", "Data.MaxVocab", "most frequent training tokens kept in the vocabulary"),
        S("min-freq", "Data.MinFreq", "times a token must occur in train to enter the vocabulary"),
        S("max-length", "Data.MaxLength", "tokens kept per example (BERT: WordPiece tokens)"),
        S("max-train-examples", "Data.MaxTrainExamples", "use a stratified subset of the train split (smoke runs)"),
        S("max-eval-examples", "Data.MaxEvalExamples", "use a stratified subset of validation and test (smoke runs)"),
        S("text-column", "Data.TextColumns", "csv/tsv/jsonl/parquet: text column name(s) or 1-based index(es), e.g. 2,3"),
        S("label-column", "Data.LabelColumn", "csv/tsv/jsonl/parquet: label column name or 1-based index"),
        S("no-header", "Data.NoHeader", "csv/tsv: the first row is data; columns are numbered from 1"),
        S("test-file", "Data.TestFile", "a separate test file for csv/tsv/jsonl data"),
        S("test-fraction", "Data.TestFraction", "hold out this stratified share as test when a dataset has no test file (default 0.2)"),
        S("skip-bad-rows", "Data.SkipBadRows", "skip and count malformed rows instead of stopping at the first"),

        S("model", "Model.Name", $"model: {string.Join(", ", ModelRegistry.Names)}"),
        S("embedding-dim", "Model.EmbeddingDim", "word embedding size (CNN, RNN, LSTM)"),
        S("filters", "Model.Filters", "TextCNN: filters per width"),
        S("filter-widths", "Model.FilterWidths", "TextCNN: convolution widths, e.g. 3,4,5"),
        S("dropout", "Model.Dropout", "dropout probability, in [0, 1)"),
        S("hidden-size", "Model.Hidden", "RNN/LSTM hidden size"),
        S("layers", "Model.Layers", "RNN/LSTM layers (default: RNN 1, LSTM 2)"),
        S("bidirectional", "Model.Bidirectional", "RNN/LSTM: read both directions (default: RNN no, LSTM yes)"),
        S("vectors", "Model.Vectors", "pre-trained word vectors in GloVe's text format, aligned to the vocabulary"),
        S("freeze-vectors", "Model.FreezeEmbedding", "keep --vectors fixed while training"),

        S("epochs", "Training.Epochs", "training epochs per level"),
        S("batch-size", "Training.BatchSize", "examples per optimiser step"),
        S("learning-rate", "Training.LearningRate", "learning rate", "lr"),
        S("weight-decay", "Training.WeightDecay", "weight decay (AdamW: decoupled, not on biases and LayerNorm)"),
        S("eval-batch-size", "Training.EvalBatchSize", "examples per evaluation batch"),
        S("min-length", "Training.MinLength", "pad shorter batches to this many tokens (at least the widest TextCNN filter)"),
        S("bucketing", "Training.Bucketing", "batch examples of similar length together (less padding)"),
        S("optimizer", "Training.Optimizer", "adam or adamw"),
        S("schedule", "Training.Schedule", "learning-rate schedule: constant, or linear (warm-up, then linear decay)"),
        S("warmup-fraction", "Training.WarmupFraction", "linear schedule: share of all steps spent warming up, in [0, 1)"),
        S("clip-grad-norm", "Training.ClipGradNorm", "clip the gradient norm at this value (none given: no clipping)"),
        S("device", "Training.Device", "where to train and evaluate: cpu, cuda or cuda:N (CUDA needs TorchSharp's CUDA build; untested)"),
        S("patience", "Training.Patience", "early stopping: end a level after this many epochs without a lower validation loss; the best epoch is still the one kept (default: train every epoch)"),

        S("mode", "Pruning.Mode", "iterative (IMP: prune --rate of what remains per level) or one-shot (prune the dense network to each --targets sparsity)",
            words: [("imp", PruningMode.Iterative)]),
        S("levels", "Pruning.Levels", "iterative: pruning levels after the dense run"),
        S("rate", "Pruning.Rate", "iterative: share of the remaining weights pruned per level, in (0, 1)"),
        S("targets", "Pruning.Targets", "sparsity per level, e.g. 0.2,0.36 (one-shot), or 0.1,0.2,...,0.9 (iterative, as Chen et al.); not with --rate or --levels"),
        S("rewind", "Pruning.Rewind", "rewind point: 0 (initialisation), <k>it, <k>ep or <p>% of training (e.g. 2%, 0.5%) of the dense run (late rewinding); a list (0,1%,2%) is a sweep: one run per point, sharing the dense level") with { Sweeps = true },
        S("scope", "Pruning.Scope", "global (one threshold), layerwise (same share per tensor), lamp (one threshold over layer-normalised magnitudes, Lee et al. 2021), or structured / structured-l2 (whole filters, hidden units, heads and feed-forward neurons by L1 / L2 norm; the same share of each layer's structures; cnn, lstm, bert)",
            words: [("structured-l2", PruningScope.StructuredL2)]),
        S("baselines", "Pruning.Baselines", $"comma list of {string.Join(", ", LotteryMethods.Optional.Select(m => m.Name))}, or none", words: [("none", Baselines.None)]),
        S("random-scope", "Pruning.RandomScope", "random-prune baseline: layer-matched (the ticket's per-tensor sparsity) or global",
            words: [("layer", RandomPruneScope.LayerMatched)]),
        S("prunable", "Pruning.Prunable", "comma list of weights, output, embeddings, biases (default: the model's own; BERT weights only)"),
        S("score-weights", "Pruning.ScoreWeights", "weights the next mask is scored on: final (end of training, as Frankle & Carbin and open_lth) or best (the epoch of lowest validation loss; TicketLab before 2026-11)"),
        S("early-bird-threshold", "Pruning.EarlyBirdThreshold", "early-bird: draw the ticket once the mask's Hamming distance (share of prunable positions) stays below this over the window"),
        S("early-bird-window", "Pruning.EarlyBirdWindow", "early-bird: consecutive mask distances the stop rule reads (You et al. 2020 read 5)"),
        S("scoring-batches", "Pruning.ScoringBatches", "snip, grasp: how many batches of the run's training data (its first epoch's order) their scores read; a word none of them holds scores 0"),
        S("early-bird-every", "Pruning.EarlyBirdEvery", "early-bird: take the mask every this many optimiser steps; 0: after each epoch"),
        S("output-at-half-rate", "Pruning.OutputAtHalfRate", "prune the output layer at half the rate (Frankle & Carbin 2019)"),
        Shortcut("prune-embedding", typeof(bool), "also prune the embedding table (sets --prunable)",
            (h, v) => (bool)v! ? h with { Pruning = h.Pruning with { Prunable = (h.Pruning.Prunable ?? PrunableSet.Default) | PrunableSet.Embeddings } } : h,
            h => h.Pruning.Prunable?.HasFlag(PrunableSet.Embeddings) ?? false),
        Shortcut("prune-biases", typeof(bool), "also prune bias vectors (sets --prunable)",
            (h, v) => (bool)v! ? h with { Pruning = h.Pruning with { Prunable = (h.Pruning.Prunable ?? PrunableSet.Default) | PrunableSet.Biases } } : h,
            h => h.Pruning.Prunable?.HasFlag(PrunableSet.Biases) ?? false),
        Shortcut("prune-output", typeof(OutputPruning), "output layer: full (same rate), half (half the rate, as Frankle & Carbin) or none (sets --prunable, --output-at-half-rate)",
            (h, v) => h with
            {
                Pruning = (OutputPruning)v! switch
                {
                    OutputPruning.Half => h.Pruning with { Prunable = (h.Pruning.Prunable ?? PrunableSet.Default) | PrunableSet.Output, OutputAtHalfRate = true },
                    OutputPruning.None => h.Pruning with { Prunable = (h.Pruning.Prunable ?? PrunableSet.Default) & ~PrunableSet.Output, OutputAtHalfRate = false },
                    _ => h.Pruning with { Prunable = h.Pruning.Prunable is { } p ? p | PrunableSet.Output : null, OutputAtHalfRate = false },
                },
            },
            h => h.Pruning.OutputAtHalfRate ? OutputPruning.Half : h.Pruning.Prunable is { } p && !p.HasFlag(PrunableSet.Output) ? OutputPruning.None : OutputPruning.Full),

        S("seed", "Seed", "run seed: random masks and re-initialisations, and initialisation and data order unless set apart below"),
        S("init-seed", "InitSeed", "seed of the model's initialisation (default: --seed)"),
        S("data-seed", "DataSeed", "seed of the batch order and dropout (default: --seed)"),
        S("vary-split", "VarySplit", "each seed holds out its own validation split, drawn from --split-seed and --seed (default: one split for all seeds)"),
    ];

    /// <summary>The setting a key names (any case, with or without dashes, or an alias), within <paramref name="section"/> when given.</summary>
    public static Setting? Find(string key, string? section = null) =>
        All.FirstOrDefault(s => (section is null || s.Section == section) && s.Answers(key));

    /// <summary>The setting of a kebab-case name; for code that names a setting it knows exists.</summary>
    public static Setting Get(string name) => All.Single(s => s.Name == name);

    /// <summary>The hparams a run starts from before any setting is applied: the model's defaults (<see cref="ModelDefaults"/>) and,
    /// for a dense run, no pruned levels.</summary>
    public static RunHparams Start(string model, RunKind kind) => new(
        ModelDefaults.Data(model),
        new ModelHparams(Name: model),
        ModelDefaults.Training(model),
        kind == RunKind.Dense ? new PruningHparams(Levels: 0, Baselines: Baselines.None) : new PruningHparams());

    /// <summary>A setting's default for <paramref name="model"/>, as a user would write it (e.g. BERT's learning-rate 2e-05).</summary>
    public static string DefaultText(Setting setting, string model, RunKind kind) =>
        setting.Format(setting.ValueIn(Start(NormaliseModel(model), kind)));

    /// <summary>Builds, normalises and validates the hparams of one run from settings as written, later ones overriding earlier ones.</summary>
    /// <param name="values">settings in the order they apply.</param>
    /// <param name="kind">dense, lottery, or either; decides the starting pruning settings and whether levels must be at least 1.</param>
    /// <param name="origin">null for the command line (messages name "--option"); a study file's path for settings it leaves at their defaults.</param>
    /// <exception cref="SettingsException">An unknown key, a value of the wrong form or a setting no run can use; the message names it.</exception>
    public static RunHparams Bind(IReadOnlyList<SettingValue> values, RunKind kind, string? origin = null)
    {
        var parsed = new List<(SettingValue Written, Setting Setting, object? Value)>();
        foreach (var v in values)
        {
            var setting = Find(v.Key) ?? throw new SettingsException(
                $"{Place(v)}unknown setting '{v.Key}'; known: {string.Join(", ", All.Select(s => s.Name))}");
            try { parsed.Add((v, setting, setting.Parse(v.Text))); }
            catch (FormatException e) { throw new SettingsException($"{Place(v)}{v.Key} {e.Message}"); }
        }
        string Name(string setting) => (origin is null ? "--" : "") + setting;
        var model = parsed.LastOrDefault(p => p.Setting.Name == "model").Value as string ?? new ModelHparams().Name;
        var h = Start(NormaliseModel(model), kind);
        foreach (var (_, setting, value) in parsed) h = setting.Assign(h, value);

        (SettingValue Written, Setting Setting, object? Value)? Given(string name) => parsed.Any(p => p.Setting.Name == name) ? parsed.Last(p => p.Setting.Name == name) : null;
        if (h.Pruning.Targets is not null)
            foreach (var ignored in new[] { "rate", "levels" })
                if (Given(ignored) is { } g)
                    throw new SettingsException($"{Place(g.Written)}{g.Written.Key} cannot be given with {Name("targets")}: the targets fix every level's sparsity and their number the levels");
        if (kind == RunKind.Dense && parsed.FirstOrDefault(p => p.Setting.Section == "pruning") is { Setting: not null } pruning)
            throw new SettingsException($"{Place(pruning.Written)}{pruning.Written.Key} is a pruning setting; a dense run prunes nothing (use `ticketlab lottery`)");

        h = Normalise(h);
        foreach (var (setting, problem) in Problems(h, kind))
        {
            var key = Given(setting.Name) is { } g ? $"{Place(g.Written)}{g.Written.Key}" : origin is null ? $"--{setting.Name}" : $"{origin}: {setting.Name}";
            throw new SettingsException(key + Names(problem, origin is null));
        }
        return h;
    }

    /// <summary>Binds the runs a list of settings stands for: a comma list given to a sweep setting (<c>rewind: 0,1%,2%</c>) is one run
    /// per value, in the order written, as a grid axis is; see <see cref="Bind"/>.</summary>
    /// <exception cref="SettingsException">As <see cref="Bind"/>; also a sweep that lists one value twice.</exception>
    public static IReadOnlyList<RunHparams> BindSweep(IReadOnlyList<SettingValue> values, RunKind kind, string? origin = null) =>
        [.. Sweep(values).Select(v => Bind(v, kind, origin))];

    /// <summary>The setting lists of the runs <paramref name="values"/> stand for: each sweep setting's comma list split into its values
    /// (a later value of the same setting overrides it, so it is not swept).</summary>
    public static IReadOnlyList<IReadOnlyList<SettingValue>> Sweep(IReadOnlyList<SettingValue> values)
    {
        IEnumerable<List<SettingValue>> runs = [[]];
        for (int i = 0; i < values.Count; i++)
        {
            var v = values[i];
            var setting = Find(v.Key);
            if (setting is not { Sweeps: true } || !v.Text.Contains(',')) { runs = runs.Select(r => (List<SettingValue>)[.. r, v]); continue; }
            if (values.Skip(i + 1).Any(later => Find(later.Key) == setting)) continue; // overridden: Bind would drop it
            var parts = v.Text.Split(',', StringSplitOptions.TrimEntries);
            var seen = new HashSet<string>();
            foreach (var part in parts)
            {
                object? value;
                try { value = setting.Parse(part); }
                catch (FormatException e) { throw new SettingsException($"{Place(v)}{v.Key} {e.Message}"); }
                if (!seen.Add(setting.Format(value))) throw new SettingsException($"{Place(v)}{v.Key} lists {setting.Format(value)} twice (got '{v.Text}')");
            }
            runs = runs.SelectMany(r => parts.Select(p => (List<SettingValue>)[.. r, v with { Text = p }]));
        }
        return [.. runs];
    }

    /// <summary>Throws the first problem of <paramref name="h"/> naming the CLI option, for runs built in code rather than from text.</summary>
    public static void Validate(RunHparams h, RunKind kind = RunKind.Any)
    {
        foreach (var (setting, problem) in Problems(h, kind))
            throw new SettingsException($"--{setting.Name}{Names(problem, cli: true)}");
    }

    /// <summary>Every reason <paramref name="h"/> cannot run, as (setting, text after its name): the records' own checks, known dataset
    /// and model names, files that must exist, and checks across records. Reads no data beyond a BERT directory's config.</summary>
    public static IEnumerable<(Setting Setting, string Problem)> Problems(RunHparams h, RunKind kind)
    {
        foreach (var (section, problems) in new[] { ("Data", h.Data.Problems()), ("Model", h.Model.Problems()), ("Training", h.Training.Problems()), ("Pruning", h.Pruning.Problems()) })
            foreach (var (property, problem) in problems)
                yield return (ByProperty($"{section}.{property}"), " " + problem);
        if (Check(() => DatasetRegistry.Validate(h.Data.Dataset)) is { } dataset) yield return (Get("dataset"), ": " + dataset);
        var modelProblem = Check(() => ModelRegistry.Validate(h.Model.Name));
        if (modelProblem is not null) yield return (Get("model"), ": " + modelProblem);
        else if (BertModels.IsBert(h.Model.Name) && BertModels.Config(h.Model.Name).MaxPositionEmbeddings is var positions && h.Data.MaxLength > positions)
            yield return (Get("max-length"), $" must be at most {positions}, the positions of {h.Model.Name} (got {h.Data.MaxLength})");
        if (!h.Training.Problems().Any() && ComputeDevice.AvailabilityProblem(h.Training.Device) is { } device) yield return (Get("device"), $" {h.Training.Device}: {device}");
        if (modelProblem is null && BertModels.IsBert(h.Model.Name) && LotteryMethods.Optional.FirstOrDefault(m => h.Pruning.Baselines.HasFlag(m.Baseline!.Value)
                && (m as PruneAtInitMethod ?? (m as ReinitMethod)?.Of) is { NeedsSecondDerivatives: true }) is { } twice)
            yield return (Get("baselines"), $" cannot include {twice.Name} with {h.Model.Name}: GraSP differentiates the gradient, and BERT's attention kernel has no second derivative");
        if (h.Pruning.IsStructured && modelProblem is null && h.Model.Name.Equals("rnn", StringComparison.OrdinalIgnoreCase))
            yield return (Get("scope"), $" {Get("scope").Format(h.Pruning.Scope)} needs a model with structures: cnn, lstm or bert (got rnn)");
        if (h.Model.Vectors is { } vectors && !File.Exists(vectors)) yield return (Get("vectors"), $": {vectors} does not exist");
        if (h.Data.TestFile is { } test && !File.Exists(test)) yield return (Get("test-file"), $": {test} does not exist");
        if (h.Model.Name == "cnn" && !h.Model.Problems().Any() && h.Model.Widths().Max() is var widest && h.Training.MinLength < widest)
            yield return (Get("min-length"), $" must be at least the widest filter ({widest}) for cnn (got {h.Training.MinLength})");
        if (kind == RunKind.Lottery && h.Pruning.LevelCount < 1)
            yield return (Get("levels"), $" must be at least 1 for a lottery run (got {h.Pruning.LevelCount}); `ticketlab train` trains the dense network alone");
    }

    /// <summary>Full paths after "csv:" and the like, after "bert:" and for files; lower-case dataset and model names: one spelling, one run name.</summary>
    /// <remarks>A run without pruned levels scores nothing, so it takes the score weights of runs named before the setting: dense runs keep their names.</remarks>
    public static RunHparams Normalise(RunHparams h) => h with
    {
        Data = h.Data with { Dataset = NormaliseDataset(h.Data.Dataset), TestFile = FullPath(h.Data.TestFile) },
        Training = h.Training with { Device = h.Training.Device.Trim().ToLowerInvariant() is "cuda:0" ? "cuda" : h.Training.Device.Trim().ToLowerInvariant() },
        Model = h.Model with { Name = NormaliseModel(h.Model.Name), Vectors = FullPath(h.Model.Vectors) },
        Pruning = h.Pruning is { Levels: 0, Targets: null } ? h.Pruning with { ScoreWeights = ScoreWeights.Best } : h.Pruning,
    };

    private static string NormaliseDataset(string name)
    {
        int colon = name.IndexOf(':');
        return colon < 0 ? name.Trim().ToLowerInvariant() : name[..colon].Trim().ToLowerInvariant() + ":" + FullPath(name[(colon + 1)..]);
    }

    private static string NormaliseModel(string name) =>
        name.Trim().StartsWith("bert:", StringComparison.OrdinalIgnoreCase) ? "bert:" + FullPath(name.Trim()[5..]) : name.Trim().ToLowerInvariant();

    private static string? FullPath(string? path) => string.IsNullOrWhiteSpace(path) ? path : Path.GetFullPath(path.Trim());

    private static string? Check(Action validate)
    {
        try { validate(); return null; }
        catch (Exception e) when (e is UserException or ArgumentException) { return e.Message; }
    }

    private static Setting ByProperty(string property) => All.Single(s => s.Property == property);

    /// <summary>"{Targets}" in a record's problem text → "--targets" (CLI) or "targets" (study file).</summary>
    private static string Names(string problem, bool cli) => Placeholder().Replace(problem, m =>
        All.FirstOrDefault(s => s.Property is { } p && (p == m.Groups[1].Value || p.EndsWith("." + m.Groups[1].Value))) is { } s
            ? (cli ? "--" : "") + s.Name : m.Value);

    private static string Place(SettingValue v) => v.Where is null ? "" : v.Where + ": ";

    [GeneratedRegex(@"\{([A-Za-z.]+)\}")]
    private static partial Regex Placeholder();

    private static Setting S(string name, string property, string description, string? alias = null, IReadOnlyList<(string, object)>? words = null) =>
        new(name, property, description, alias is null ? [] : [alias], words ?? []);

    private static Setting Shortcut(string name, Type type, string description, Func<RunHparams, object?, RunHparams> apply, Func<RunHparams, object?> read) =>
        new(name, null, description, [], [], type, apply, read);
}
