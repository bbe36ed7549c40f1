using System.Globalization;
using TicketLab.Tests.Data;

namespace TicketLab.Tests.Cli;

/// <summary>Hostile and careless input: each must end in one `error:` line naming the option or the study file's key, exit code 2,
/// no stack trace and no run folder, and fail before any data is read (each case takes well under a second).</summary>
public sealed class BadInputTests : IDisposable
{
    /// <summary>Named in the static theory data, so shared by the process.</summary>
    private static readonly string EmptyBertDir = TempDir.UntilProcessExit().Path;

    private readonly TempDirs _dirs = new();

    public void Dispose() => _dirs.Dispose();

    public static TheoryData<string, string> Options() => new()
    {
        { "train --batch-size 0", "--batch-size must be at least 1" },
        { "train --batch-size -4", "--batch-size must be at least 1" },
        { "train --threads 0", "--threads must be between 1 and" },
        { "train --threads -2", "--threads must be between 1 and" },
        { "train --threads 100000", "--threads must be between 1 and" },
        { "train --max-length 0", "--max-length must be at least 1" },
        { "train --max-length -7", "--max-length must be at least 1" },
        { "train --seeds 100000000", "--seeds count must be between 1 and 1000" },
        { "train --seeds 1,1", "--seeds repeats a seed (1, 1)" },
        { "train --epochs 0", "--epochs must be at least 1" },
        { "train --lr 0", "--lr must be above 0" },
        { "train --learning-rate nan", "--learning-rate 'nan' is not a number" },
        { "train --dropout 1", "--dropout must be at least 0 and below 1" },
        { "train --validation-fraction 1", "--validation-fraction must be between 0 and 1 exclusive" },
        { "train --test-fraction 0", "--test-fraction must be between 0 and 1 exclusive" },
        { "train --max-vocab 0", "--max-vocab must be at least 1" },
        { "train --model lstm --hidden-size 0", "--hidden-size must be at least 1" },
        { "train --filter-widths 3,x", "--filter-widths must be a comma list" },
        { "train --max-train-examples 0", "--max-train-examples must be at least 1" },
        { "train --dataset nope", "--dataset: unknown dataset 'nope'" },
        { "train --dataset csv:/no/such/file.csv", "does not exist" },
        { "train --model nope", "--model: unknown model 'nope'" },
        { $"train --model bert:{EmptyBertDir}", "config.json is missing" },
        { "train --vectors /no/such/vectors.txt", "--vectors: /no/such/vectors.txt does not exist" },
        { "train --dataset default", "--dataset: unknown dataset 'default'" },
        { "train --dataset csv:", "names no path" },
        { "train --optimizer sgd", "--optimizer 'sgd' is not one of adam, adamw" },
        { "train --device cuda", "--device cuda: CUDA is not available here" },      // TorchSharp-cpu: never a crash mid-run
        { "lottery --device cuda:1", "--device cuda:1: CUDA is not available here" },
        { "train --device tpu", "--device must be cpu, cuda or cuda:N (got 'tpu')" },
        { "train --patience 0", "--patience must be at least 1 epoch" },
        { "lottery --rate 1.5", "--rate must be between 0 and 1 exclusive" },
        { "lottery --rate 0", "--rate must be between 0 and 1 exclusive" },
        { "lottery --levels 0", "--levels must be at least 1 for a lottery run" },
        { "lottery --levels -1", "--levels must be 0 (the dense run only) or more" },
        { "lottery --rate 0.5 --targets 0.2,0.4", "--rate cannot be given with --targets" },
        { "lottery --rate 0.99 --levels 6", "--levels 6 at rate 0.99 prune a layer of 10,000 weights to nothing by level 3 (100% sparsity)" },
        { "lottery --targets 0.2,0.99999", "(100% sparsity)" },
        { "lottery --targets 0.5,1.2", "--targets must each be between 0 and 1 exclusive" },
        { "lottery --mode one-shot", "--targets must be given for one-shot pruning" },
        { "lottery --scope sideways", "--scope 'sideways' is not one of global, layerwise" },
        { "lottery --random-scope sideways", "--random-scope 'sideways' is not one of layer-matched, global, layer" },
        { "lottery --rewind 3x", "--rewind '3x' is not a rewind point" },
        { "lottery --rewind 0,1%,0", "--rewind lists 0 twice" },
        { "lottery --rewind 0,2%,soon", "--rewind 'soon' is not a rewind point" },
        { "lottery --baselines random-prune,nope", "--baselines 'nope' is not one of" },
        { "lottery --prune-output quarter", "--prune-output 'quarter' is not one of full, half, none" },
    };

    /// <summary>predict and export: checked before any run is read (the run named here does not exist).</summary>
    public static TheoryData<string, string> UseOptions() => new()
    {
        { "predict --run nope --text hi", "--run nope: no run folder at" },
        { "predict --run nope", "give the texts with --text" },
        { "predict --run nope --text a --input b.csv", "one of the two" },
        { "predict --run nope --text a --text-column t", "--text-column needs --input" },
        { "predict --run nope --text a --output out.txt", "--output out.txt: cannot tell the format from '.txt'" },
        { "predict --run nope --text a --threads 0", "--threads must be between 1 and" },
        { "export --run nope --level 1 --format onnx --out m.onnx", "--run nope: no run folder at" },
        { "export --run nope --level 1 --format zip --out m.zip", "--format 'zip' is not one of onnx, safetensors" },
        { "export --run nope --level 1 --format onnx --compact --out m.onnx", "--compact applies to --format safetensors only" },
        { "export --run nope --format onnx --out m.onnx", "--level is required" },
        { "export --run nope --level 1 --out m.onnx", "--format is required" },
        { "export --run nope --level 1 --format onnx", "--out is required" },
        { "export --run nope --sizes --level 1", "--sizes measures every level" },
        { "export --run nope --sizes --structures masked", "--sizes measures every level" },
        { "export --run nope --level 1 --format onnx --structures sliced --out m.onnx", "--structures 'sliced' is not one of compact, masked" },
        { "predict --run nope --text a --inference pruned", "--inference 'pruned' is not one of auto, dense, sparse, compact" },
        { "stability --run nope", "--run nope: no run folder at" },
        { "stability --run nope --rewind 0,soon", "--rewind 'soon' is not a rewind point" },
        { "stability --run nope --rewind 1%,1.0%", "--rewind lists 1% twice" },
        { "stability --run nope --levels 0,x", "--levels 'x' is not a level" },
        { "stability --run nope --levels -1", "--levels '-1' is not a level" },
        { "stability --run nope --points 2", "--points must be at least 3" },
        { "stability --run nope --points x", "--points" },
        { "stability", "give the runs to analyse: --run RUN (repeatable) or --study FILE" },
        { "stability --run a --study study.yaml", "--study cannot be given with --run" },
        { "stability --study /no/such/study.yaml", "/no/such/study.yaml: study file not found" },
        { "stability --run a --run b", "several --run need --out DIR" },
    };

    public static TheoryData<string, string> StudyFiles() => new()
    {
        { "seeds: []\n", ":1: seeds is empty" },
        { "seeds: [[1, 2]]\n", ":1: seeds must be a list of integers" },
        { "seeds: [1, x]\n", ":1: seeds: 'x' is not an integer" },
        { "? [a, b]\n: 1\n", ":1: expected a plain key" },
        { "name: [a, b]\n", ":1: name must be a plain text" },
        { "name: x\nseeds: [1\n", "not valid YAML" },
        { "colour: red\n", ":1: unknown key 'colour'" },
        { "defaults:\n  training:\n    batchSize: 0\n", ":3: batchSize must be at least 1 (got 0)" },
        { "defaults:\n  batch-size: 0\n", ":2: batch-size must be at least 1 (got 0)" },
        { "defaults:\n  pruning: { rate: 0.99, levels: 6 }\n", ":2: levels 6 at rate 0.99 prune" },
        { "defaults:\n  training: { patience: 0 }\n", ":2: patience must be at least 1 epoch (got 0)" },
        { "defaults:\n  training: { device: cuda }\n", ":2: device cuda: CUDA is not available here" },
        { "defaults:\n  pruning: { rate: 0.5, targets: [0.2] }\n", ":2: rate cannot be given with targets" },
        { "defaults:\n  pruning: { rat: 0.2 }\n", ":2: unknown setting 'rat' for pruning" },
        { "grid:\n  model: [cnn, nope]\n", ":2: model: unknown model 'nope'" },
        { "grid:\n  model: { hiddenSize: [128, -1] }\n", ":2: hiddenSize must be at least 1 (got -1)" },
        { "grid:\n  colour: [red]\n", ":2: unknown grid axis 'colour'" },
        { "defaults:\n  rewind: [0, 1%, 1%]\n", ":2: rewind lists 1% twice" },
        { "defaults:\n  pruning: { rewind: [0, later] }\n", ":2: rewind 'later' is not a rewind point" },
        { $"grid:\n  model: [bert:{EmptyBertDir}]\n", "config.json is missing" },
    };

    /// <summary>`ticketlab slurm STUDY …` options (STUDY: a valid study file; a PostgreSQL store unless the case is about the store).</summary>
    public static TheoryData<string, string> SlurmOptions() => new()
    {
        { "--store postgresql://tl@db/tl --workers 0", "--workers must be between 1 and 1000" },
        { "--store postgresql://tl@db/tl --workers x", "--workers" },
        { "--store postgresql://tl@db/tl --workers 2 --throttle 3", "--throttle must be between 1 and --workers (2)" },
        { "--store postgresql://tl@db/tl --time 1h", "--time '1h' is not a Slurm time" },
        { "--store postgresql://tl@db/tl --time 0", "--time must be more than 0" },
        { "--store postgresql://tl@db/tl --time 1:70:00", "--time '1:70:00': 70 is out of range" },
        { "--store postgresql://tl@db/tl --time 1:00:00 --signal-before 2:00:00", "--signal-before (0-02:00:00) must be shorter than --time (0-01:00:00)" },
        { "--store postgresql://tl@db/tl --cpus-per-task 0", "--cpus-per-task must be at least 1" },
        { "--store postgresql://tl@db/tl --mem 4GB", "--mem '4GB' is not a memory size" },
        { "--store postgresql://tl@db/tl --gres gpu;1", "--gres 'gpu;1' is not a generic-resource list" },
        { "--store postgresql://tl@db/tl --partition a;b", "--partition 'a;b' is not a Slurm name" },
        { "--store postgresql://tl@db/tl --account a$(id)", "--account 'a$(id)' is not a Slurm name" },
        { "--store postgresql://tl@db/tl --threads 0", "--threads must be between 1 and" },
        { "--store sqlite:runs.db", "--store must be a URL postgresql://" },
        { "--workers 2", "--store must name a PostgreSQL server" },
    };

    [Theory]
    [MemberData(nameof(SlurmOptions))]
    public void BadSlurmOptionsEndInOneErrorLineAndWriteNoScript(string args, string expected)
    {
        var study = Path.Combine(_dirs.New(), "study.yaml");
        File.WriteAllText(study, "name: smoke\nseeds: [1]\ngrid:\n  dataset: [imdb]\n");
        AssertRefused(expected, ["slurm", study, .. args.Split(' ')]);
    }

    [Theory]
    [MemberData(nameof(Options))]
    public void BadOptionsEndInOneErrorLine(string args, string expected) =>
        AssertRefused(expected, [.. args.Split(' ')]);

    [Theory]
    [MemberData(nameof(UseOptions))]
    public void BadPredictAndExportOptionsEndInOneErrorLine(string args, string expected) =>
        Refused(expected, [.. args.Split(' ')], dataDir: false);

    [Fact]
    public void APredictInputWithABadRowIsNamedByFileLineAndFieldAndNothingIsWritten()
    {
        var dir = _dirs.New();
        var input = Path.Combine(dir, "texts.csv");
        File.WriteAllText(input, "id,text\n1,a fine film\n2,\"never closed\n");
        var output = Path.Combine(dir, "out.csv");
        var line = Refused($"{input}:3: field 2: quoted field starting on line 3 is never closed", ["predict", "--run", Inference.TrainedRuns.Cnn, "--input", input, "--output", output], dataDir: false);
        Assert.Contains("--skip-bad-rows", line);
        Assert.False(File.Exists(output));
    }

    [Theory]
    [InlineData("export", "--structures compact: ")]
    [InlineData("predict", "--inference compact: ")]
    public void CompactStructuresOfARunThatPrunesSingleWeightsAreRefusedAndNothingIsWritten(string command, string expected)
    {
        var output = Path.Combine(_dirs.New(), command == "export" ? "m.onnx" : "out.csv");
        string[] args = command == "export"
            ? ["export", "--run", Inference.TrainedRuns.Cnn, "--level", "1", "--format", "onnx", "--structures", "compact", "--out", output]
            : ["predict", "--run", Inference.TrainedRuns.Cnn, "--inference", "compact", "--text", "a fine film", "--output", output];
        var line = Refused(expected, args, dataDir: false);
        Assert.Contains("prunes single weights (--scope global)", line);
        Assert.False(File.Exists(output));
        Assert.False(File.Exists(output + ".json"));
    }

    [Theory]
    [MemberData(nameof(StudyFiles))]
    public void BadStudyFilesEndInOneErrorLineNamingFileLineAndKey(string yaml, string expected)
    {
        var study = Path.Combine(_dirs.New(), "study.yaml");
        File.WriteAllText(study, yaml);
        var line = AssertRefused(expected, "run", study);
        Assert.StartsWith($"error: {study}", line);
    }

    [Theory]
    [MemberData(nameof(StudyFiles))]
    public void BadStudyFilesAreRefusedByTheStabilityCommandToo(string yaml, string expected)
    {
        var study = Path.Combine(_dirs.New(), "study.yaml");
        File.WriteAllText(study, yaml);
        var line = AssertRefused(expected, "stability", "--study", study);
        Assert.StartsWith($"error: {study}", line);
    }

    [Theory]
    [InlineData("--rewind 0,2%", "--rewind cannot be given with --study {0}: it sweeps rewind points (0, 1ep)")]
    [InlineData("", "no run of study sweep is finished in")]
    [InlineData("--levels 0,x", "--levels 'x' is not a level")]
    public void AStabilityStudyThatCannotBeMeasuredIsRefusedBeforeAnythingIsWritten(string args, string expected)
    {
        var study = Path.Combine(_dirs.New(), "study.yaml");
        File.WriteAllText(study, "name: sweep\ndefaults:\n  rewind: [0, 1ep]\n");
        AssertRefused(string.Format(CultureInfo.InvariantCulture, expected, study), ["stability", "--study", study, .. args.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);
    }

    private string AssertRefused(string expected, params string[] args) => Refused(expected, args, dataDir: true);

    private string Refused(string expected, string[] args, bool dataDir)
    {
        var runs = _dirs.New();
        var r = CliProcess.Run([.. args, .. dataDir ? new[] { "--data-dir", TestData.Fixtures } : [], "--runs-dir", runs]);
        Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}: {r.Stderr}");
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line);
        Assert.Contains(expected, line);
        Assert.DoesNotContain("Exception", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
        Assert.Empty(Directory.GetFileSystemEntries(runs));   // refused before any run folder (or results store) was made
        return line;
    }
}
