using TicketLab.Data;

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
    public static IReadOnlyCollection<string> Names => [.. Builders.Keys, "bert", "bert:PATH"];

    /// <summary>Checks a name before any data is read, so a typo fails at once.</summary>
    public static void Validate(string name)
    {
        if (Bert.BertModels.IsBert(name)) { Bert.BertModels.Validate(name); return; }
        if (!Builders.ContainsKey(name))
            throw new ArgumentException($"unknown model '{name}'; known models: {string.Join(", ", Names)}");
    }

    /// <summary>Builds the model; pre-trained word vectors (<see cref="ModelHparams.Vectors"/>) are aligned to <paramref name="vocab"/>.</summary>
    public static TextClassifier Create(ModelHparams h, int vocabSize, int classes, long seed, Vocabulary? vocab = null)
    {
        Validate(h.Name);
        if (Bert.BertModels.IsBert(h.Name)) return Bert.BertModels.Create(h.Name, classes, seed);
        var model = Builders[h.Name](vocabSize, classes, h, seed);
        if (h.Vectors is not null) LoadVectors(model, h, vocab ?? throw new ArgumentException("word vectors need the dataset's vocabulary"), seed);
        return model;
    }

    /// <summary>A model of the same architecture with nothing pre-trained in it (the random re-initialisation baseline).</summary>
    public static TextClassifier CreateFresh(ModelHparams h, int vocabSize, int classes, long seed, Vocabulary? vocab = null) =>
        Bert.BertModels.IsBert(h.Name) ? Bert.BertModels.CreateRandom(h.Name, classes, seed) : Create(h, vocabSize, classes, seed, vocab);

    private static void LoadVectors(TextClassifier model, ModelHparams h, Vocabulary vocab, long seed)
    {
        var embedding = model.Parameters().Single(p => model.RoleOf(p.Name) == ParameterRole.Embedding).Parameter;
        using var vectors = WordVectors.LoadAligned(h.Vectors!, vocab, h.EmbeddingDim, unchecked((int)seed)).ToTensor();
        using (TorchSharp.torch.no_grad()) embedding.copy_(vectors);
        if (h.FreezeEmbedding) embedding.requires_grad = false;
    }
}
