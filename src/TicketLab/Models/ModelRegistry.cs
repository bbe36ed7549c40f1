namespace TicketLab.Models;

/// <summary>Builds a model by its name in the CLI and study files.</summary>
public static class ModelRegistry
{
    private static readonly Dictionary<string, Func<int, int, ModelHparams, long, TextClassifier>> Builders = new(StringComparer.OrdinalIgnoreCase)
    {
        ["cnn"] = (vocab, classes, h, seed) => new TextCnn(vocab, classes, h, seed),
        ["rnn"] = (vocab, classes, h, seed) => new Rnn(vocab, classes, h, seed),
        ["lstm"] = (vocab, classes, h, seed) => new Lstm(vocab, classes, h, seed),
    };

    /// <summary>Names accepted by <see cref="Create"/>.</summary>
    public static IReadOnlyCollection<string> Names => Builders.Keys;

    /// <summary>Checks a name before any data is read, so a typo fails at once.</summary>
    public static void Validate(string name)
    {
        if (!Builders.ContainsKey(name))
            throw new ArgumentException($"unknown model '{name}'; known models: {string.Join(", ", Names)}");
    }

    public static TextClassifier Create(ModelHparams h, int vocabSize, int classes, long seed)
    {
        Validate(h.Name);
        return Builders[h.Name](vocabSize, classes, h, seed);
    }
}
