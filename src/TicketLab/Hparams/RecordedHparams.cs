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
