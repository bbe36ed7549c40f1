using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using TicketLab.Data;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace TicketLab.Models.Bert;

/// <summary>A Hugging Face BERT directory: config.json, vocab.txt, and model.safetensors or pytorch_model.bin
/// (tokenizer_config.json's do_lower_case is honoured when present).</summary>
public sealed record HfBertDirectory(string Path)
{
    public const string ConfigFile = "config.json";
    public const string VocabFile = "vocab.txt";
    public const string SafeTensorsFile = "model.safetensors";
    public const string PyTorchFile = "pytorch_model.bin";
    public const string TokenizerConfigFile = "tokenizer_config.json";

    public string ConfigPath => System.IO.Path.Combine(Path, ConfigFile);
    public string VocabPath => System.IO.Path.Combine(Path, VocabFile);

    /// <summary>The weights file to read: model.safetensors when present, else pytorch_model.bin.</summary>
    public string WeightsPath
    {
        get
        {
            foreach (var file in new[] { SafeTensorsFile, PyTorchFile })
            {
                var path = System.IO.Path.Combine(Path, file);
                if (File.Exists(path)) return path;
            }
            throw new BertImportException($"{Path}: no {SafeTensorsFile} or {PyTorchFile}; a Hugging Face BERT directory needs one of them");
        }
    }

    /// <summary>Checks that the directory and its required files exist, before any data is read.</summary>
    public HfBertDirectory Validated()
    {
        if (!Directory.Exists(Path)) throw new BertImportException($"{Path}: no such BERT directory");
        foreach (var file in new[] { ConfigPath, VocabPath })
            if (!File.Exists(file)) throw new BertImportException($"{file} is missing; a Hugging Face BERT directory needs {ConfigFile} and {VocabFile}");
        _ = WeightsPath;
        return this;
    }

    public BertConfig Config() => BertConfig.FromJson(ConfigPath);

    /// <summary>Whether the tokenizer lower-cases: tokenizer_config.json's do_lower_case, else true when the vocabulary has no
    /// upper-case word (an uncased vocabulary).</summary>
    public bool LowerCase()
    {
        var tokenizerConfig = System.IO.Path.Combine(Path, TokenizerConfigFile);
        if (File.Exists(tokenizerConfig))
        {
            try
            {
                if (JsonNode.Parse(File.ReadAllText(tokenizerConfig))?["do_lower_case"] is { } flag) return flag.GetValue<bool>();
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
            {
                throw new BertImportException($"{tokenizerConfig}: cannot read do_lower_case: {e.Message}", e);
            }
        }
        return !File.ReadLines(VocabPath).Any(t => !(t.StartsWith('[') && t.EndsWith(']')) && t.Any(char.IsUpper));
    }

    /// <summary>The tokenizer for this model's vocabulary and casing.</summary>
    public WordPieceVocab Vocab() => WordPieceVocab.FromFile(VocabPath, LowerCase());

    /// <summary>Every tensor in the weights file by its key as saved (float, CPU).</summary>
    public Dictionary<string, Tensor> ReadWeights()
    {
        var path = WeightsPath;
        if (path.EndsWith(".safetensors", StringComparison.Ordinal)) return SafeTensors.Read(path);
        Hashtable table;
        try { table = PyTorchUnpickler.UnpickleStateDict(path); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new BertImportException($"{path}: cannot read the PyTorch state dict: {e.Message.ReplaceLineEndings(" ")}", e);
        }
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in table)
            if (entry.Key is string name && entry.Value is Tensor t) result[name] = t;
            else throw new BertImportException($"{path}: entry '{entry.Key}' is not a tensor");
        return result;
    }

    /// <summary>A classifier with this directory's config and weights; a head or pooler the checkpoint lacks is seeded from <paramref name="seed"/>.</summary>
    public BertClassifier Create(int classes, long seed)
    {
        Validated();
        return BertWeights.Build(Config(), classes, seed, ReadWeights, WeightsPath);
    }

    /// <summary>Saves <paramref name="model"/> as a Hugging Face directory (config.json, model.safetensors, vocab.txt copied from <paramref name="vocabLines"/>).</summary>
    public void Save(BertClassifier model, IEnumerable<string> vocabLines)
    {
        Directory.CreateDirectory(Path);
        File.WriteAllText(ConfigPath, model.Config.ToJson());
        File.WriteAllLines(VocabPath, vocabLines);
        SafeTensors.Write(System.IO.Path.Combine(Path, SafeTensorsFile), model.Parameters().Select(p => (p.Name, (Tensor)p.Parameter)));
    }
}
