using TicketLab.Models;
using TicketLab.Training;
using static TorchSharp.torch;

namespace TicketLab.Pruning;

/// <summary>A 0/1 float tensor per prunable parameter; 1 keeps a weight, 0 prunes it.</summary>
public sealed class Mask : IWeightMask, IDisposable
{
    private readonly List<(string Name, Tensor Keep)> tensors;

    public Mask(IEnumerable<(string Name, Tensor Keep)> tensors) => this.tensors = tensors.ToList();

    /// <summary>The set pruned when none is named: weight matrices, and the output layer unless the model says otherwise.</summary>
    public static PrunableSet DefaultFor(TextClassifier model) => model.PrunesOutputByDefault ? PrunableSet.Default : PrunableSet.Weights;

    /// <summary>All-ones mask over the parameters of <paramref name="model"/> that <paramref name="set"/> (default: the model's own) makes prunable.</summary>
    public static Mask Dense(TextClassifier model, PrunableSet? set = null) => AllOnes(model, set ?? DefaultFor(model));

    private static Mask AllOnes(TextClassifier model, PrunableSet set) =>
        new(model.Parameters().Where(p => IsPrunable(model.RoleOf(p.Name), set))
            .Select(p => (p.Name, ones_like(p.Parameter, requires_grad: false))));

    /// <summary>Whether a parameter of the given role is in the prunable set.</summary>
    public static bool IsPrunable(ParameterRole role, PrunableSet set) => role switch
    {
        ParameterRole.Weight => set.HasFlag(PrunableSet.Weights),
        ParameterRole.Output => set.HasFlag(PrunableSet.Output),
        ParameterRole.Embedding => set.HasFlag(PrunableSet.Embeddings),
        ParameterRole.Bias => set.HasFlag(PrunableSet.Biases),
        _ => false,
    };

    public IReadOnlyList<(string Name, Tensor Keep)> Tensors => tensors;

    public IEnumerable<string> Names => tensors.Select(t => t.Name);

    public Tensor this[string name] => tensors.First(t => t.Name == name).Keep;

    /// <summary>Prunable weights in all.</summary>
    public long Total => tensors.Sum(t => t.Keep.numel());

    /// <summary>Weights still kept.</summary>
    public long Remaining => tensors.Sum(t => CountKept(t.Keep));

    /// <summary>Pruned ÷ prunable.</summary>
    public double Sparsity => Total == 0 ? 0 : 1.0 - (double)Remaining / Total;

    /// <summary>Pruned and total count per tensor, in parameter order.</summary>
    public IReadOnlyList<TensorSparsity> PerTensor() =>
        tensors.Select(t => new TensorSparsity(t.Name, t.Keep.numel(), t.Keep.numel() - CountKept(t.Keep))).ToList();

    /// <summary>Per tensor of two dimensions or more, in parameter order: its rows and how many the mask prunes whole (a word the
    /// embedding no longer has, a filter or unit with no weight left).</summary>
    public IReadOnlyList<TensorRows> RowsPruned() =>
        tensors.Where(t => t.Keep.dim() >= 2).Select(t =>
        {
            using var scope = NewDisposeScope();
            long empty = t.Keep.reshape(t.Keep.shape[0], -1).count_nonzero([1]).eq(0).count_nonzero().item<long>();
            return new TensorRows(t.Name, t.Keep.shape[0], empty);
        }).ToList();

    /// <summary>Non-zero entries of a keep tensor, counted as integers (a float sum is inexact past 2^24).</summary>
    public static long CountKept(Tensor keep)
    {
        using var count = keep.count_nonzero();
        return count.item<long>();
    }

    /// <summary>Zeroes pruned weights in place (one fused multiply per tensor, no allocation).</summary>
    public void ApplyTo(TextClassifier model)
    {
        using var _ = no_grad();
        foreach (var (name, p) in model.Parameters())
        {
            var keep = Find(name);
            if (keep is not null) p.mul_(On(keep, p));
        }
    }

    /// <summary>Zeroes the gradients of pruned weights so optimiser state never grows on them.</summary>
    public void MaskGradients(TextClassifier model)
    {
        using var _ = no_grad();
        foreach (var (name, p) in model.Parameters())
        {
            var keep = Find(name);
            if (keep is not null && p.grad is { } grad) grad.mul_(On(keep, p));
        }
    }

    // masks read from files are on the CPU; a model on a GPU (--device cuda, untested) gets a copy on its device
    private static Tensor On(Tensor keep, Tensor p) => keep.device_type == p.device_type && keep.device_index == p.device_index ? keep : keep.to(p.device);

    private Tensor? Find(string name)
    {
        foreach (var (n, keep) in tensors) if (n == name) return keep;
        return null;
    }

    /// <summary>Whether <paramref name="other"/> keeps exactly the same positions of the same tensors.</summary>
    public bool SameAs(Mask other)
    {
        if (tensors.Count != other.tensors.Count) return false;
        foreach (var ((name, keep), (otherName, otherKeep)) in tensors.Zip(other.tensors))
        {
            if (name != otherName || !keep.shape.SequenceEqual(otherKeep.shape)) return false;
            using var same = keep.eq(otherKeep);
            using var all = same.all();
            if (!all.item<bool>()) return false;
        }
        return true;
    }

    public Mask Clone() => new(tensors.Select(t => (t.Name, t.Keep.clone())));

    public void Save(string path) => NamedTensorFile.Save(path, tensors);

    public static Mask Load(string path) => new(NamedTensorFile.Load(path));

    public void Dispose()
    {
        foreach (var (_, t) in tensors) t.Dispose();
        tensors.Clear();
    }
}
