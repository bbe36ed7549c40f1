using TicketLab.Data;
using static TorchSharp.torch;

namespace TicketLab.Models;

/// <summary>Roles and initialisation shared by the recurrent classifiers: Xavier input-to-hidden, orthogonal hidden-to-hidden, zero biases.</summary>
internal static class RecurrentInit
{
    public static ParameterRole RoleOf(string name) => name switch
    {
        "embedding.weight" => ParameterRole.Embedding,
        "fc.weight" => ParameterRole.Output,
        _ when name.EndsWith(".bias", StringComparison.Ordinal) || name.Contains(".bias_", StringComparison.Ordinal) => ParameterRole.Bias,
        _ => ParameterRole.Weight,
    };

    public static void Apply(TextClassifier model, long seed)
    {
        using var generator = new Generator((ulong)seed);
        foreach (var (name, p) in model.Parameters())
        {
            if (name == "embedding.weight")
            {
                SeededInit.XavierNormal(p, generator);   // small rows, as for the TextCNN: Adam's steps must be able to move them
                using (no_grad()) p[Vocabulary.PadId].zero_();
            }
            else if (RoleOf(name) == ParameterRole.Bias) SeededInit.Zeros(p);
            else if (name.Contains(".weight_hh", StringComparison.Ordinal)) SeededInit.Orthogonal(p, generator);
            else SeededInit.XavierNormal(p, generator);
        }
    }
}
