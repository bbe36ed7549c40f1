using static TorchSharp.torch;

namespace TicketLab.Models.Bert;

/// <summary>Copies named checkpoint tensors into a <see cref="BertClassifier"/> by Hugging Face name, checking every shape.</summary>
public static class BertWeights
{
    /// <summary>Tensors a checkpoint may lack: they keep the model's seeded initialisation (a sentence encoder has no
    /// classification head; a BertModel saved without its pooler has no pooler).</summary>
    public static bool IsOptional(string name) =>
        name.StartsWith("pooler.", StringComparison.Ordinal) || name.StartsWith("classifier.", StringComparison.Ordinal);

    /// <summary>Checkpoint entries that are not parameters of a classifier and are skipped: the position-id buffer and the
    /// pre-training heads (<c>cls.*</c>).</summary>
    public static bool IsIgnored(string name) =>
        name is "embeddings.position_ids" or "embeddings.token_type_ids" || name.StartsWith("cls.", StringComparison.Ordinal);

    /// <summary>Hugging Face's name for a checkpoint key: without a <c>bert.</c> prefix, and with TF-era LayerNorm gamma/beta renamed.</summary>
    public static string Canonical(string name)
    {
        if (name.StartsWith("bert.", StringComparison.Ordinal)) name = name["bert.".Length..];
        if (name.EndsWith(".gamma", StringComparison.Ordinal)) name = name[..^".gamma".Length] + ".weight";
        if (name.EndsWith(".beta", StringComparison.Ordinal)) name = name[..^".beta".Length] + ".bias";
        return name;
    }

    /// <summary>A classifier of <paramref name="config"/> loaded from <paramref name="read"/>'s tensors (disposed after loading); the model is disposed when loading fails.</summary>
    public static BertClassifier Build(BertConfig config, int classes, long seed, Func<IReadOnlyDictionary<string, Tensor>> read, string origin)
    {
        var model = new BertClassifier(config, classes, seed);
        try
        {
            var tensors = read();
            try { Load(model, tensors, origin); }
            finally { foreach (var t in tensors.Values) t.Dispose(); }
        }
        catch
        {
            model.Dispose();
            throw;
        }
        return model;
    }

    /// <summary>Loads <paramref name="tensors"/> (any float dtype, converted to the parameter's) into <paramref name="model"/>.
    /// Every problem at once is one <see cref="BertImportException"/>: a required tensor missing, a shape that differs
    /// (name, expected and actual shape), or an entry the model has no place for. Returns the optional tensors that were absent.</summary>
    public static IReadOnlyList<string> Load(BertClassifier model, IReadOnlyDictionary<string, Tensor> tensors, string origin)
    {
        var byName = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var (key, tensor) in tensors)
        {
            var name = Canonical(key);
            if (IsIgnored(name)) continue;
            if (!byName.TryAdd(name, tensor)) problems.Add($"'{key}' appears twice (as '{name}')");
        }

        var absent = new List<string>();
        var parameters = model.Parameters();
        foreach (var (name, p) in parameters)
        {
            if (!byName.TryGetValue(name, out var source))
            {
                if (IsOptional(name)) absent.Add(name);
                else problems.Add($"missing tensor '{name}' (expected shape {Shape(p)})");
                continue;
            }
            if (!source.shape.SequenceEqual(p.shape))
                problems.Add($"tensor '{name}' has shape {Shape(source)}, expected {Shape(p)}");
            else if (!source.is_floating_point())
                problems.Add($"tensor '{name}' has dtype {source.dtype}, expected a floating-point type");
        }
        var known = parameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        problems.AddRange(byName.Keys.Where(n => !known.Contains(n)).Select(n => $"unexpected tensor '{n}' (this BERT has no such parameter)"));
        if (problems.Count > 0)
            throw new BertImportException($"{origin}: cannot load into {model.Config}:{Environment.NewLine}  " +
                                          string.Join(Environment.NewLine + "  ", problems));

        using var _ = no_grad();
        foreach (var (name, p) in parameters)
            if (byName.TryGetValue(name, out var source)) p.copy_(source);
        return absent;
    }

    internal static string Shape(Tensor t) => "[" + string.Join(", ", t.shape) + "]";
}
