using TorchSharp;
using static TorchSharp.torch;

namespace TicketLab.Models;

/// <summary>A text classifier: padded token ids [batch, length] and true lengths [batch] in, logits [batch, classes] out.</summary>
public abstract class TextClassifier : nn.Module<Tensor, Tensor, Tensor>
{
    protected TextClassifier(string name) : base(name) { }

    /// <summary>The generator behind this model's dropout; libtorch's global one would be shared by every thread.</summary>
    protected Generator Noise { get; } = new(0);

    /// <summary>Restarts the dropout noise, e.g. at the start of each epoch, so an epoch's noise does not depend on what ran before.</summary>
    public void ReseedNoise(long seed) => Noise.manual_seed(seed);

    protected override void Dispose(bool disposing)
    {
        if (disposing) Noise.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>The role of every named parameter; pruning reads this instead of guessing from names.</summary>
    public abstract ParameterRole RoleOf(string parameterName);

    /// <summary>Whether the output layer is pruned when the user names no prunable set (not for BERT, as Chen et al. 2020).</summary>
    public virtual bool PrunesOutputByDefault => true;

    /// <summary>Whether autograd can differentiate this model's gradient again (GraSP's Hessian-gradient product); a crash in libtorch otherwise.</summary>
    public virtual bool HasSecondDerivatives => true;

    /// <summary>Named parameters in registration order (a stable order for masks, snapshots and tie-breaking).</summary>
    public IReadOnlyList<(string Name, TorchSharp.Modules.Parameter Parameter)> Parameters() =>
        named_parameters().Select(p => (p.name, p.parameter)).ToList();
}
