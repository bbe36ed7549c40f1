using System.Buffers.Binary;
using System.Collections;
using System.Text;
using TicketLab.Models.Bert;
using TicketLab.Tests.Data;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace TicketLab.Tests.Bert;

[Collection("Bert")]
public class HfDirectoryTests
{
    private static readonly string[] TinyVocab =
        ["[PAD]", "[unused0]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "movie", "was", "good", "bad", "##s", "a", "plot", "."];

    private static (Tensor Ids, Tensor Lengths) TinyBatch() =>
        BertFixtures.Batch([[3, 6, 7, 8, 9, 4], [3, 12, 10, 13, 11, 14, 4], [3, 4]]);

    private static Tensor Logits(BertClassifier model)
    {
        model.eval();
        var (ids, lengths) = TinyBatch();
        using (ids) using (lengths) using (no_grad()) return model.forward(ids, lengths);
    }

    [Fact]
    public void Safetensors_directory_written_by_the_project_reads_back_to_the_same_model()
    {
        using var dir = new TempDir();
        using var original = new BertClassifier(BertFixtures.Tiny(TinyVocab.Length), classes: 3, seed: 7);
        new HfBertDirectory(dir.Path).Save(original, TinyVocab);

        using var loaded = BertModels.Create("bert:" + dir.Path, classes: 3, seed: 99);   // another seed: every tensor must come from the file
        Assert.Equal(original.Config, loaded.Config);
        foreach (var ((name, expected), (_, actual)) in original.Parameters().Zip(loaded.Parameters()))
            TensorAssert.Equal(expected, actual, name);
        using var a = Logits(original);
        using var b = Logits(loaded);
        TensorAssert.Equal(a, b, "logits");

        var vocab = BertModels.Vocab("bert:" + dir.Path);
        Assert.True(vocab.LowerCase);                                     // no tokenizer_config.json and no upper-case word
        Assert.Equal([3, 6, 7, 8, 9, 11, 4], vocab.Encode("The movie was goods", 16));
    }

    [Fact]
    public void Pytorch_state_dict_with_a_bert_prefix_reads_back_to_the_same_model()
    {
        using var dir = new TempDir();
        using var original = new BertClassifier(BertFixtures.Tiny(TinyVocab.Length), classes: 2, seed: 3);
        File.WriteAllText(dir.Combine(HfBertDirectory.ConfigFile), original.Config.ToJson());
        File.WriteAllLines(dir.Combine(HfBertDirectory.VocabFile), TinyVocab);
        var state = new Hashtable();
        foreach (var (name, p) in original.Parameters())
            state[name.StartsWith("classifier.", StringComparison.Ordinal) ? name : "bert." + name] = p.detach().clone();
        state["bert.embeddings.position_ids"] = arange(64L).unsqueeze(0);            // a buffer HF checkpoints carry: skipped
        PyTorchPickler.PickleStateDict(dir.Combine(HfBertDirectory.PyTorchFile), state);

        using var loaded = BertModels.Create("bert:" + dir.Path, classes: 2, seed: 5);
        using var a = Logits(original);
        using var b = Logits(loaded);
        TensorAssert.Equal(a, b, "logits");
    }

    [Fact]
    public void Missing_and_misshapen_tensors_are_named_with_their_shapes()
    {
        using var dir = new TempDir();
        var config = BertFixtures.Tiny(TinyVocab.Length);
        using var source = new BertClassifier(config, classes: 2, seed: 1);
        new HfBertDirectory(dir.Path).Save(source, TinyVocab);
        var tensors = source.Parameters()
            .Where(p => p.Name != "encoder.layer.1.attention.self.key.weight")
            .Select(p => (p.Name, p.Name == "encoder.layer.0.intermediate.dense.weight" ? zeros(63, 32) : (Tensor)p.Parameter));
        SafeTensors.Write(dir.Combine(HfBertDirectory.SafeTensorsFile), tensors);

        var e = Assert.Throws<BertImportException>(() => BertModels.Create("bert:" + dir.Path, classes: 2, seed: 1));
        Assert.Contains("missing tensor 'encoder.layer.1.attention.self.key.weight' (expected shape [32, 32])", e.Message);
        Assert.Contains("tensor 'encoder.layer.0.intermediate.dense.weight' has shape [63, 32], expected [64, 32]", e.Message);
    }

    [Fact]
    public void Half_precision_safetensors_widen_to_float32()
    {
        using var dir = new TempDir();
        float[] values = [1.5f, -2.0f, 0.1f, 65504f];
        var f16 = values.Select(v => BitConverter.HalfToUInt16Bits((Half)v)).ToArray();
        var bf16 = values.Select(v => (ushort)(BitConverter.SingleToInt32Bits(v) >>> 16)).ToArray();  // truncation, as a BF16 cast may
        var header = Encoding.UTF8.GetBytes(
            """{"__metadata__":{"format":"pt"},"a":{"dtype":"F16","shape":[2,2],"data_offsets":[0,8]},"b":{"dtype":"BF16","shape":[4],"data_offsets":[8,16]}}""");
        var path = dir.Combine("half.safetensors");
        using (var file = File.Create(path))
        {
            var length = new byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(length, header.Length);
            file.Write(length);
            file.Write(header);
            foreach (var h in f16.Concat(bf16)) { file.WriteByte((byte)h); file.WriteByte((byte)(h >> 8)); }
        }

        var read = SafeTensors.Read(path);
        Assert.Equal(ScalarType.Float32, read["a"].dtype);
        Assert.Equal(new long[] { 2, 2 }, read["a"].shape);
        Assert.Equal(values.Select(v => (float)(Half)v), read["a"].data<float>().ToArray());
        Assert.Equal(bf16.Select(b => BitConverter.Int32BitsToSingle(b << 16)), read["b"].data<float>().ToArray());
        Assert.Equal(1.5f, read["b"].data<float>()[0]);
    }
}
