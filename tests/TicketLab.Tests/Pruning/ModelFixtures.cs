using TicketLab.Models;
using static TorchSharp.torch;

namespace TicketLab.Tests.Pruning;

/// <summary>Small real models whose initial weights serve as pruning inputs.</summary>
internal static class ModelFixtures
{
    public static TextCnn SmallCnn(long seed = 7) => new(vocabSize: 60, classes: 2, new ModelHparams(EmbeddingDim: 16, Filters: 8), seed);

    public static Dictionary<string, Tensor> Weights(TextClassifier model) =>
        model.Parameters().ToDictionary(p => p.Name, p => p.Parameter.detach());
}
