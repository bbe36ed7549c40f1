using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TicketLab.Hparams;

/// <summary>Reads <see cref="RunHparams"/> as a run recorded them (run.json, the store), old runs included: a setting the record
/// lacks because it did not exist yet reads as its <see cref="LegacyDefaultAttribute"/> value, not as today's default.</summary>
public static class RecordedHparams
{
    /// <summary>The hparams of a recorded JSON object; null for JSON null.</summary>
    /// <exception cref="JsonException">Not a JSON object of hparams.</exception>
    public static RunHparams? Read(string json) => Read(JsonNode.Parse(json));

    /// <summary>The hparams of a JSON element holding them.</summary>
    public static RunHparams? Read(JsonElement element) => Read(JsonNode.Parse(element.GetRawText()));

    /// <summary>The hparams of the run in <paramref name="runDir"/>, as its run.json records them.</summary>
    /// <exception cref="UserException">No run.json, or one that holds no readable hparams; the message names the file.</exception>
    public static RunHparams OfRun(string runDir)
    {
        var path = Path.Combine(runDir, "run.json");
        if (!File.Exists(path)) throw new UserException($"{runDir} is not a run folder (no run.json)");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var h = Read(doc.RootElement.GetProperty("hparams"));
            if (h?.Data is null || h.Model is null || h.Training is null || h.Pruning is null) throw new InvalidDataException("incomplete hparams");
            return h;
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or KeyNotFoundException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            throw new UserException($"{path}: cannot read the run's settings: {e.Message.ReplaceLineEndings(" ")}", e);
        }
    }

    private static RunHparams? Read(JsonNode? node)
    {
        if (node is JsonObject o) FillLegacy(o, typeof(RunHparams));
        return node.Deserialize<RunHparams>();
    }

    private static void FillLegacy(JsonObject o, Type type)
    {
        foreach (var p in type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First().GetParameters())
        {
            if (o[p.Name!] is JsonObject inner) FillLegacy(inner, p.ParameterType);
            else if (!o.ContainsKey(p.Name!) && p.GetCustomAttribute<LegacyDefaultAttribute>() is { } legacy)
                o[p.Name!] = JsonSerializer.SerializeToNode(legacy.Value, p.ParameterType);
        }
    }
}
