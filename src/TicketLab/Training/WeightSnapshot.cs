using TicketLab.Models;
using static TorchSharp.torch;

namespace TicketLab.Training;

/// <summary>A detached copy of a model's parameters by name (a rewind point, a best epoch, trained weights).</summary>
public sealed class WeightSnapshot : IDisposable
{
    private readonly List<(string Name, Tensor Tensor)> tensors;

    private WeightSnapshot(List<(string, Tensor)> tensors) => this.tensors = tensors;

    /// <summary>Copies the model's current parameters.</summary>
    public static WeightSnapshot Of(TextClassifier model)
    {
        using var _ = no_grad();
        // Detached from any dispose scope: a snapshot taken mid-batch must outlive that batch's scope.
        return new WeightSnapshot(model.Parameters().Select(p => (p.Name, p.Parameter.detach().clone().DetachFromDisposeScope())).ToList());
    }

    /// <summary>Takes ownership of the given tensors.</summary>
    public static WeightSnapshot From(IEnumerable<(string Name, Tensor Tensor)> tensors) => new(tensors.ToList());

    public IReadOnlyList<(string Name, Tensor Tensor)> Tensors => tensors;

    public Tensor this[string name] => tensors.First(t => t.Name == name).Tensor;

    /// <summary>Writes these weights into the model's parameters in place, bit for bit.</summary>
    public void CopyInto(TextClassifier model)
    {
        using var _ = no_grad();
        var byName = tensors.ToDictionary(t => t.Name, t => t.Tensor);
        foreach (var (name, p) in model.Parameters())
        {
            if (!byName.TryGetValue(name, out var source))
                throw new InvalidOperationException($"snapshot has no tensor '{name}'");
            p.copy_(source);
        }
    }

    /// <summary>Writes the weights atomically; returns the file's SHA-256 for a manifest.</summary>
    public string Save(string path) => NamedTensorFile.Save(path, tensors);

    public static WeightSnapshot Load(string path) => new(NamedTensorFile.Load(path));

    /// <summary>Loads weights a manifest recorded, refusing any other file (<see cref="InvalidDataException"/>).</summary>
    public static WeightSnapshot Load(string path, string expectedSha256) => new(NamedTensorFile.Load(path, expectedSha256));

    public WeightSnapshot Clone() => new(tensors.Select(t => (t.Name, t.Tensor.clone().DetachFromDisposeScope())).ToList());

    public void Dispose()
    {
        foreach (var (_, t) in tensors) t.Dispose();
        tensors.Clear();
    }
}
