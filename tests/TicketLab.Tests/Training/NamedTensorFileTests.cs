using TicketLab.Training;
using TicketLab.Tests.Pruning;
using TicketLab.Tests.Data;

namespace TicketLab.Tests.Training;

public class NamedTensorFileTests
{
    [Fact]
    public void SnapshotRoundTripsBitForBit()
    {
        using var model = ModelFixtures.SmallCnn();
        using var snapshot = WeightSnapshot.Of(model);
        using var dir = new TempDir();
        var path = dir.Combine("w.weights");
        snapshot.Save(path);
        using var loaded = WeightSnapshot.Load(path);
        Assert.Equal(snapshot.Tensors.Select(t => t.Name), loaded.Tensors.Select(t => t.Name));
        Assert.All(snapshot.Tensors, t => TensorAssert.Equal(t.Tensor, loaded[t.Name]));
    }

    [Fact]
    public void TruncatedOrAlteredFilesAreDetected()
    {
        using var model = ModelFixtures.SmallCnn();
        using var snapshot = WeightSnapshot.Of(model);
        using var temp = new TempDir();
        var dir = temp.Path;
        var path = Path.Combine(dir, "w.weights");
        snapshot.Save(path);
        Assert.True(NamedTensorFile.IsValid(path));

        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        Assert.False(NamedTensorFile.IsValid(path));

        bytes[bytes.Length / 3] ^= 0x5A;
        File.WriteAllBytes(path, bytes);
        Assert.False(NamedTensorFile.IsValid(path));
        Assert.Throws<InvalidDataException>(() => NamedTensorFile.Load(path));
    }
}
