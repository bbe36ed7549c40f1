using TicketLab.Data;
using TicketLab.Hparams;
using TicketLab.Lottery;
using TicketLab.Models;
using TicketLab.Training;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TicketLab.Runs;

/// <summary>A study: a grid over datasets × models × pruning settings × seeds with shared defaults, read from YAML.</summary>
/// <remarks>
/// <code>
/// name: quick
/// seeds: [1, 2]
/// defaults:                     # any hparam of data / model / training / pruning
///   data: { maxTrainExamples: 400 }
///   training: { epochs: 1 }
/// grid:
///   dataset: [imdb]
///   model: [cnn, lstm]
///   pruning:                    # each entry is one variant, merged over defaults.pruning
///     - { rewind: 0 }
///     - { rewind: 1ep }
/// </code>
/// </remarks>
public sealed record StudyFile(string Name, string Path, IReadOnlyList<RunHparams> Cells, IReadOnlyList<int> Seeds)
{
    private static readonly string[] Sections = ["data", "model", "training", "pruning"];

    /// <summary>Every run of the study: each cell under each seed.</summary>
    public IEnumerable<RunHparams> Runs() => Cells.SelectMany(c => Seeds.Select(s => c with { Seed = s }));

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
            throw new StudyException($"{path}:{e.Start.Line}: not valid YAML: {e.Message}");
        }
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root)
            throw new StudyException($"{path}: a study file is a YAML mapping with name, seeds, defaults and grid");
        string At(YamlNode n) => $"{path}:{n.Start.Line}";
        foreach (var key in root.Children.Keys.Cast<YamlScalarNode>())
            if (key.Value is not ("name" or "seeds" or "defaults" or "grid"))
                throw new StudyException($"{At(key)}: unknown key '{key.Value}'; a study has name, seeds, defaults and grid");

        var name = (root.Children.TryGetValue(new YamlScalarNode("name"), out var n) ? ((YamlScalarNode)n).Value : null) ?? System.IO.Path.GetFileNameWithoutExtension(path);
        var seeds = root.Children.TryGetValue(new YamlScalarNode("seeds"), out var s)
            ? Scalars(s, At).Select(v => (int)HparamsBinder.Convert(v.Value, typeof(int), v.Where)!).ToList()
            : [1];
        var defaults = root.Children.TryGetValue(new YamlScalarNode("defaults"), out var d) ? Mapping(d, At) : new();
        foreach (var section in defaults.Keys)
            if (!Sections.Contains(section)) throw new StudyException($"{At(defaults[section])}: unknown section '{section}'; use {string.Join(", ", Sections)}");

        var grid = root.Children.TryGetValue(new YamlScalarNode("grid"), out var g) ? Mapping(g, At) : new();
        foreach (var key in grid.Keys)
            if (key is not ("dataset" or "model" or "pruning" or "training"))
                throw new StudyException($"{At(grid[key])}: unknown grid axis '{key}'; use dataset, model, pruning, training");
        var datasets = grid.TryGetValue("dataset", out var ds) ? Scalars(ds, At) : [(new DataHparams().Dataset, path)];
        var models = grid.TryGetValue("model", out var ms) ? Scalars(ms, At) : [(new ModelHparams().Name, path)];
        var pruningVariants = grid.TryGetValue("pruning", out var ps) ? Variants(ps, At) : [new()];
        var trainingVariants = grid.TryGetValue("training", out var ts) ? Variants(ts, At) : [new()];

        var cells = new List<RunHparams>();
        foreach (var dataset in datasets)
            foreach (var model in models)
                foreach (var pruning in pruningVariants)
                    foreach (var training in trainingVariants)
                    {
                        var data = HparamsBinder.Apply(ModelDefaults.Data(model.Value) with { Dataset = dataset.Value }, Settings(defaults, "data", At));
                        var modelH = HparamsBinder.Apply(new ModelHparams(Name: model.Value), Settings(defaults, "model", At));
                        var trainingH = HparamsBinder.Apply(HparamsBinder.Apply(ModelDefaults.Training(model.Value), Settings(defaults, "training", At)), training);
                        var pruningH = HparamsBinder.Apply(HparamsBinder.Apply(new PruningHparams(), Settings(defaults, "pruning", At)), pruning);
                        try { pruningH.Validate(); }
                        catch (ArgumentException e) { throw new StudyException($"{path}: pruning settings {e.Message}"); }
                        cells.Add(new RunHparams(data, modelH, trainingH, pruningH));
                    }
        return new StudyFile(name, path, cells, seeds);
    }

    private static Dictionary<string, YamlNode> Mapping(YamlNode node, Func<YamlNode, string> at) => node is YamlMappingNode m
        ? m.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => c.Value)
        : throw new StudyException($"{at(node)}: expected a mapping");

    private static List<(string Value, string Where)> Scalars(YamlNode node, Func<YamlNode, string> at) => node switch
    {
        YamlScalarNode one => [(one.Value!, at(one))],
        YamlSequenceNode many => many.Children.Select(c => c is YamlScalarNode v ? (v.Value!, at(v)) : throw new StudyException($"{at(c)}: expected a plain value")).ToList(),
        _ => throw new StudyException($"{at(node)}: expected a value or a list of values"),
    };

    private static List<Dictionary<string, (string, string)>> Variants(YamlNode node, Func<YamlNode, string> at) => node is YamlSequenceNode seq
        ? seq.Children.Select(c => Flat(c, at)).ToList()
        : throw new StudyException($"{at(node)}: expected a list of setting maps, e.g. - {{ rewind: 0 }}");

    private static Dictionary<string, (string, string)> Settings(Dictionary<string, YamlNode> defaults, string section, Func<YamlNode, string> at) =>
        defaults.TryGetValue(section, out var node) ? Flat(node, at) : new();

    private static Dictionary<string, (string, string)> Flat(YamlNode node, Func<YamlNode, string> at) =>
        Mapping(node, at).ToDictionary(kv => kv.Key, kv => kv.Value switch
        {
            YamlScalarNode v => (v.Value ?? "", at(v)),
            YamlSequenceNode list => (string.Join(",", list.Children.Cast<YamlScalarNode>().Select(x => x.Value)), at(list)),
            var other => throw new StudyException($"{at(other)}: expected a value for '{kv.Key}'"),
        });
}
