using static TorchSharp.torch;

namespace TicketLab.Pruning;

/// <summary>Prunes the output layer on its own at half the rate and everything else with the inner strategy (Frankle &amp; Carbin's setting).</summary>
public sealed class OutputHalfRatePruning(IPruningStrategy inner, IReadOnlySet<string> outputNames) : IPruningStrategy
{
    public Mask Prune(Mask current, IReadOnlyDictionary<string, Tensor> weights, double rate)
    {
        var hidden = new Mask(current.Tensors.Where(t => !outputNames.Contains(t.Name)));
        var output = new Mask(current.Tensors.Where(t => outputNames.Contains(t.Name)));
        var prunedHidden = hidden.Tensors.Count > 0 ? inner.Prune(hidden, weights, rate) : hidden.Clone();
        var prunedOutput = output.Tensors.Count > 0 ? new LayerwiseMagnitudePruning().Prune(output, weights, rate / 2) : output.Clone();
        var byName = prunedHidden.Tensors.Concat(prunedOutput.Tensors).ToDictionary(t => t.Name, t => t.Keep);
        return new Mask(current.Tensors.Select(t => (t.Name, byName[t.Name])));
    }
}
