using TicketLab.Hparams;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TicketLab.Runs;

/// <summary>A study: a grid over any settings × seeds with shared defaults, read from YAML.</summary>
/// <remarks>
/// Keys are the settings of <see cref="SettingsVocabulary"/>, spelled as on the command line ("batch-size"), in camelCase
/// ("batchSize") or by an alias ("lr"), with the same words ("layerwise", "one-shot", "layer-matched").
/// <code>
/// name: quick
/// seeds: [1, 2]                 # a list of distinct seeds (at most 1000)
/// defaults:                     # one value per setting, flat or under its section (data, model, training, pruning)
///   max-train-examples: 400
///   training: { epochs: 1 }
///   pruning: { baselines: [random-prune, fine-tune] }   # a list here is one value
/// grid:                         # every combination of the axes, the first axis outermost
///   dataset: [imdb, ag_news]    # a setting with a list of values is an axis
///   model: [cnn, lstm]
///   hidden-size: [128, 256]
///   data: { max-length: [200, 400] }   # a section's mapping: each of its settings given a list is an axis
///   pruning:                    # a section's list of setting maps: each entry is one variant
///     - { rewind: 0 }
///     - { rewind: 1ep, scope: layerwise }
///   variants:                   # the same with settings of any section
///     - { learning-rate: 1e-3 }
///     - { learning-rate: 3e-4, weight-decay: 0.01 }
/// # a setting whose value is a list varies by inner lists, e.g. targets: [[0.2, 0.36], [0.5]]
/// # except a sweep setting: rewind: [0, 1%, 2%] anywhere is one run per point, like a grid axis (innermost)
/// </code>
/// Grid values override defaults, which override the model's own (<see cref="ModelDefaults"/>). Paths and names are normalised as
/// on the command line, so a cell and the same `ticketlab lottery` command share a run name.
/// </remarks>
public sealed record StudyFile(string Name, string Path, IReadOnlyList<RunHparams> Cells, IReadOnlyList<int> Seeds)
{
    private static readonly string[] Sections = ["data", "model", "training", "pruning"];

    /// <summary>The study's rewind points when it has several (each run's dense training stages them all for the shared dense level).</summary>
    public IReadOnlyList<Lottery.RewindPoint> RewindSweep() => Cells.Select(c => c.Pruning.Rewind).Distinct().ToList() is { Count: > 1 } points ? points : [];

    /// <summary>Every run of the study: each cell under each seed.</summary>
    public IEnumerable<RunHparams> Runs() => Cells.SelectMany(c => Seeds.Select(s => c with { Seed = s }));

    /// <summary>Reads and validates a study file; nothing is run or written.</summary>
    /// <exception cref="StudyException">A mistake, naming the file, line and key.</exception>
    public static StudyFile Load(string path)
    {
        if (!File.Exists(path)) throw new StudyException($"{path}: study file not found");
        var yaml = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            yaml.Load(reader);
        }
        catch (YamlException e)
        {
            throw new StudyException($"{path}:{e.Start.Line}: not valid YAML: {e.Message.ReplaceLineEndings(" ")}");
        }
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root)
            throw new StudyException($"{path}: a study file is a YAML mapping with name, seeds, defaults and grid");
        return new Reader(path).Study(root);
    }

    private sealed class Reader(string path)
    {
        private string At(YamlNode n) => $"{path}:{n.Start.Line}";

        public StudyFile Study(YamlMappingNode root)
        {
            var top = Entries(root);
            foreach (var (key, node) in top)
                if (key is not ("name" or "seeds" or "defaults" or "grid"))
                    throw new StudyException($"{At(node)}: unknown key '{key}'; a study has name, seeds, defaults and grid");
            var name = top.TryGetValue("name", out var n)
                ? n is YamlScalarNode { Value: { Length: > 0 } text } ? text : throw new StudyException($"{At(n)}: name must be a plain text")
                : System.IO.Path.GetFileNameWithoutExtension(path);
            IReadOnlyList<int> seeds = top.TryGetValue("seeds", out var s) ? Seeds(s) : [1];

            var defaults = top.TryGetValue("defaults", out var d) ? Settings(Mapping(d, "defaults"), null, grid: false).Single().Single() : [];
            var axes = top.TryGetValue("grid", out var g) ? Axes(Mapping(g, "grid")) : [];
            var cells = new List<RunHparams>();
            foreach (var combination in Product(axes))
            {
                try { cells.AddRange(SettingsVocabulary.BindSweep([.. defaults, .. combination], RunKind.Any, path)); }
                catch (SettingsException e) { throw new StudyException(e.Message); }
            }
            return new StudyFile(name, path, cells, seeds);
        }

        private IReadOnlyList<int> Seeds(YamlNode node)
        {
            var items = node switch
            {
                YamlScalarNode one => [one],
                YamlSequenceNode many => many.Children.Select(c => c as YamlScalarNode ?? throw new StudyException($"{At(c)}: seeds must be a list of integers, e.g. [1, 2]")).ToList(),
                _ => throw new StudyException($"{At(node)}: seeds must be a list of integers, e.g. [1, 2]"),
            };
            var seeds = items.Select(i => int.TryParse(i.Value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var v)
                ? v : throw new StudyException($"{At(i)}: seeds: '{i.Value}' is not an integer")).ToList();
            try { return SeedList.List(seeds, $"{At(node)}: seeds"); }
            catch (SettingsException e) { throw new StudyException(e.Message); }
        }

        /// <summary>The grid's axes in file order; each axis is a list of choices, each choice the settings it applies.</summary>
        private List<List<List<SettingValue>>> Axes(Dictionary<string, YamlNode> grid)
        {
            var axes = new List<List<List<SettingValue>>>();
            foreach (var (key, node) in grid)
            {
                bool section = Sections.Contains(key);
                if (key == "variants" || (section && node is YamlSequenceNode seq && seq.Children.All(c => c is YamlMappingNode)))
                    axes.Add(Variants(node, key == "variants" ? null : key));
                else if (section && node is YamlMappingNode sectionMap)
                    axes.AddRange(Settings(Entries(sectionMap), key, grid: true));
                else if (SettingsVocabulary.Find(key) is not null)
                    axes.AddRange(Settings(new() { [key] = node }, null, grid: true));
                else
                    throw new StudyException($"{At(node)}: unknown grid axis '{key}'; use a setting ({string.Join(", ", SettingsVocabulary.All.Select(x => x.Name))}), a section ({string.Join(", ", Sections)}) or variants");
            }
            return axes;
        }

        private List<List<SettingValue>> Variants(YamlNode node, string? section) => node is YamlSequenceNode { Children.Count: > 0 } seq
            ? seq.Children.Select(c => c is YamlMappingNode m ? Settings(Entries(m), section, grid: false).Single().Single() : throw new StudyException($"{At(c)}: expected a map of settings, e.g. {{ rewind: 0 }}")).ToList()
            : throw new StudyException($"{At(node)}: expected a list of setting maps, e.g. - {{ rewind: 0 }}");

        /// <summary>Settings of a mapping (flat or by section). Not a grid: one axis of one choice. A grid: one axis per setting,
        /// each value of its list one choice.</summary>
        private List<List<List<SettingValue>>> Settings(Dictionary<string, YamlNode> entries, string? section, bool grid)
        {
            var fixedValues = new List<SettingValue>();
            var axes = new List<List<List<SettingValue>>>();
            foreach (var (key, node) in entries)
            {
                if (section is null && Sections.Contains(key) && node is YamlMappingNode inner)
                {
                    var nested = Settings(Entries(inner), key, grid);
                    if (grid) axes.AddRange(nested); else fixedValues.AddRange(nested.Single().Single());
                    continue;
                }
                var setting = SettingsVocabulary.Find(key, section) ?? throw new StudyException(
                    $"{At(node)}: unknown setting '{key}'{(section is null ? "" : $" for {section}")}; known: {string.Join(", ", SettingsVocabulary.All.Where(x => section is null || x.Section == section).Select(x => x.Name))}");
                if (setting.Name == "seed") throw new StudyException($"{At(node)}: a study sets its seeds with the top-level key seeds, e.g. seeds: [1, 2]");
                if (grid && node is YamlSequenceNode { Children.Count: 0 })
                    throw new StudyException($"{At(node)}: grid axis '{key}' lists no values");
                if (grid && node is YamlSequenceNode list)
                    axes.Add(list.Children.Select(c => new List<SettingValue> { Value(key, c) }).ToList());
                else
                    fixedValues.Add(Value(key, node));
            }
            if (fixedValues.Count > 0 || !grid) axes.Insert(0, [fixedValues]);
            return axes;
        }

        /// <summary>A scalar, or a list of scalars written as one comma list ("random-prune,fine-tune").</summary>
        private SettingValue Value(string key, YamlNode node) => node switch
        {
            YamlScalarNode v => new(key, v.Value ?? "", At(v)),
            YamlSequenceNode list when list.Children.All(c => c is YamlScalarNode) => new(key, string.Join(",", list.Children.Cast<YamlScalarNode>().Select(x => x.Value)), At(list)),
            _ => throw new StudyException($"{At(node)}: expected a value or a list of values for '{key}'"),
        };

        private Dictionary<string, YamlNode> Mapping(YamlNode node, string what) => node is YamlMappingNode m
            ? Entries(m)
            : throw new StudyException($"{At(node)}: {what} must be a mapping of settings");

        private Dictionary<string, YamlNode> Entries(YamlMappingNode map)
        {
            var entries = new Dictionary<string, YamlNode>();
            foreach (var (k, v) in map.Children)
            {
                var key = k is YamlScalarNode { Value: { Length: > 0 } text } ? text : throw new StudyException($"{At(k)}: expected a plain key, not a list or mapping");
                if (!entries.TryAdd(key, v)) throw new StudyException($"{At(k)}: '{key}' is given twice");
            }
            return entries;
        }

        private static IEnumerable<List<SettingValue>> Product(List<List<List<SettingValue>>> axes) =>
            axes.Aggregate((IEnumerable<List<SettingValue>>)[[]], (cells, axis) => cells.SelectMany(c => axis.Select(choice => (List<SettingValue>)[.. c, .. choice])));
    }
}
