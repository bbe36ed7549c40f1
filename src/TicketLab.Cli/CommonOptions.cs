using System.CommandLine;
using TicketLab.Data;
using TicketLab.Hparams;
using TicketLab.Runs;
using TicketLab.Store;

namespace TicketLab.Cli;

/// <summary>One option per setting of <see cref="SettingsVocabulary"/> (same names and words as study files), plus where data and
/// runs live; binding, normalising and validating are the library's.</summary>
internal sealed class CommonOptions
{
    private readonly RunKind kind;
    private readonly List<(Setting Setting, Option<string> Option)> settings = [];

    public Option<string?> DataDir { get; } = new("--data-dir") { Description = "data directory (else $TICKETLAB_DATA, else the per-user cache)" };
    public Option<string> RunsDir { get; } = new("--runs-dir") { Description = "where run folders go", DefaultValueFactory = _ => "runs" };
    public Option<int?> Threads { get; } = new("--threads") { Description = $"libtorch intra-op threads, 1 to {Environment.ProcessorCount} (default: all cores)" };
    public Option<string?> Seeds { get; } = new("--seeds") { Description = $"replicates: a count (3 = seeds 1,2,3) or a list (1,7,42), at most {Hparams.SeedList.Max}; tables then give mean ± std" };
    public Option<bool> Offline { get; } = new("--offline") { Description = "never download; a missing dataset is an error (also: TICKETLAB_OFFLINE=1)" };
    public Option<string?> Store { get; } = StoreOption();

    /// <summary>--store URL: one name and one description for every command that opens the results store.</summary>
    public static Option<string?> StoreOption() => new(StoreLocation.Option)
    {
        Description = $"the results store: postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE, shared by workers on several machines " +
                      $"(else ${StoreLocation.Variable}, else ticketlab.db in the runs folder)",
        HelpName = "URL",
    };

    /// <summary>The store named by --store (when the command has it), else $TICKETLAB_STORE, else the runs folder's SQLite file.</summary>
    public static StoreLocation StoreFor(ParseResult r, Option<string?> store, string runsDir) =>
        StoreLocation.Resolve(r.CommandResult.Command.Options.Contains(store) ? r.GetValue(store) : null, runsDir);

    /// <summary>Options for the settings of <paramref name="sections"/>; help shows each default for <paramref name="model"/>.</summary>
    public CommonOptions(RunKind kind, string model, params string[] sections)
    {
        this.kind = kind;
        foreach (var s in SettingsVocabulary.All.Where(s => sections.Contains(s.Section)))
        {
            var choices = s.Choices();
            var option = new Option<string>("--" + s.Name, [.. s.Aliases.Select(a => "--" + a)])
            {
                Description = s.ValueIn(SettingsVocabulary.Start(model, kind)) is null ? s.Description   // null: the description says what happens
                    : $"{s.Description} [default: {SettingsVocabulary.DefaultText(s, model, kind)}]",
                HelpName = s.IsFlag ? "true|false" : choices.Count > 0 ? string.Join("|", choices) : null,
                Arity = s.IsFlag ? ArgumentArity.ZeroOrOne : ArgumentArity.ExactlyOne,
            };
            settings.Add((s, option));
        }
    }

    /// <summary>Adds the setting options and, unless <paramref name="settingsOnly"/>, data-dir, runs-dir, threads, seeds and offline.</summary>
    public void AddTo(Command command, bool settingsOnly = false)
    {
        foreach (var (_, option) in settings) command.Options.Add(option);
        if (settingsOnly) return;
        foreach (var o in new Option[] { DataDir, RunsDir, Threads, Seeds, Offline }) command.Options.Add(o);
    }

    /// <summary>The run's hparams from the options given (as typed, so errors name "--lr" when the user wrote --lr).</summary>
    public RunHparams Bind(ParseResult r) => SettingsVocabulary.Bind([.. Given(r).Select(g => g.Value)], kind);

    /// <summary>The runs the options stand for: one, or one per value of a sweep (--rewind 0,1%,2%).</summary>
    public IReadOnlyList<RunHparams> BindSweep(ParseResult r) => SettingsVocabulary.BindSweep([.. Given(r).Select(g => g.Value)], kind);

    /// <summary>The settings given on the command line, each with the option as typed ("--lr") and its value.</summary>
    public IEnumerable<(Setting Setting, string Typed, SettingValue Value)> Given(ParseResult r)
    {
        foreach (var (setting, option) in settings)
            if (r.GetResult(option) is { Implicit: false } result)
            {
                var typed = result.IdentifierToken?.Value ?? option.Name;
                yield return (setting, typed, new SettingValue(typed, result.Tokens.Count == 0 ? "true" : result.Tokens[^1].Value));
            }
    }

    /// <summary>The seeds to run: --seeds when given, else the run's --seed alone.</summary>
    public IReadOnlyList<int> SeedList(ParseResult r, RunHparams hparams) =>
        r.GetValue(Seeds) is { } text && !string.IsNullOrWhiteSpace(text) ? Hparams.SeedList.Parse(text) : [hparams.Seed];

    public ExperimentOptions Options(ParseResult r, ConsoleProgress progress, int? threads = null) => new(
        r.GetValue(DataDir), r.GetValue(RunsDir)!, threads ?? ThreadCount.Validate(r.GetValue(Threads)), progress, progress, progress.Log,
        DownloaderFor(r.GetValue(Offline), progress))
    {
        Store = StoreFor(r, Store, r.GetValue(RunsDir)!),
    };

    /// <summary>Offline when asked (--offline or TICKETLAB_OFFLINE=1), else downloads with progress lines.</summary>
    private static Downloader DownloaderFor(bool offline, ConsoleProgress progress) =>
        offline || Environment.GetEnvironmentVariable("TICKETLAB_OFFLINE") == "1"
            ? Downloader.Offline
            : new Downloader(progress: progress.DownloadProgress());
}
