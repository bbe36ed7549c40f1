using TorchSharp;
using static TorchSharp.torch;

namespace TicketLab.Models;

/// <summary>A text classifier: padded token ids [batch, length] and true lengths [batch] in, logits [batch, classes] out.</summary>
public abstract class TextClassifier : nn.Module<Tensor, Tensor, Tensor>
{
    protected TextClassifier(string name) : base(name) { }

    /// <summary>The role of every named parameter; pruning reads this instead of guessing from names.</summary>
    public abstract ParameterRole RoleOf(string parameterName);

    /// <summary>Named parameters in registration order (a stable order for masks, snapshots and tie-breaking).</summary>
    public IReadOnlyList<(string Name, TorchSharp.Modules.Parameter Parameter)> Parameters() =>
        named_parameters().Select(p => (p.name, p.parameter)).ToList();
}
