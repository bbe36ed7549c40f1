using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TicketLab;

/// <summary>The one rule that turns a run's seed into the seed of each random draw it makes.</summary>
/// <remarks>
/// A child seed is the first 8 bytes of SHA-256 over the UTF-8 text <c>"ticketlab-seed/v1\n{run seed}\n{purpose}"</c>, with
/// <c>"/{index}"</c> appended to the purpose when there is an index, read little-endian with the top bit cleared (so it is a
/// non-negative <see cref="long"/>). Numbers are written in invariant decimal. SHA-256 and this text depend on no .NET
/// version, platform or culture, so a (seed, purpose, index) means the same draw everywhere; a new purpose never shifts
/// another's draws. Purposes are the constants of <see cref="SeedPurpose"/>.
/// Three draws predate this rule and keep their seeds so existing dense results stay identical: the model's
/// initialisation uses the run seed itself, the batch order uses the run seed with its epoch (<c>Batches</c>), and dropout
/// uses <see cref="Dropout"/>.
/// <para>A run has three seeds of its own (<see cref="Seeds"/>, <see cref="Split"/>): the split's (--split-seed, fixed across
/// replicates unless --vary-split), the initialisation's (--init-seed) and the data order's, dropout included (--data-seed).
/// The last two default to the run seed (--seed), which is what they were before they could be set apart, so a run given
/// --seed alone keeps its name and results; --seeds N varies the run seed, hence both of them (and the random masks).</para>
/// </remarks>
public static class SeedPolicy
{
    /// <summary>The seeds of a run: --init-seed and --data-seed where given, else the run seed.</summary>
    public static RunSeeds Seeds(int runSeed, int? initSeed = null, int? dataSeed = null) => new(runSeed, initSeed ?? runSeed, dataSeed ?? runSeed);

    /// <summary>The train/validation split's seed: --split-seed, or with --vary-split one drawn from it and the run seed, so each
    /// replicate holds out its own validation set.</summary>
    public static int Split(int splitSeed, int runSeed, bool varySplit) =>
        varySplit ? (int)(Derive(splitSeed, SeedPurpose.Split, runSeed) & int.MaxValue) : splitSeed;

    private const string Version = "ticketlab-seed/v1";

    /// <summary>The child seed of <paramref name="runSeed"/> for <paramref name="purpose"/> (and <paramref name="index"/>, e.g. a level).</summary>
    public static long Derive(long runSeed, string purpose, int? index = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);
        var text = string.Create(CultureInfo.InvariantCulture, $"{Version}\n{runSeed}\n{purpose}{(index is { } i ? "/" + i.ToString(CultureInfo.InvariantCulture) : "")}");
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return (long)(BinaryPrimitives.ReadUInt64LittleEndian(hash) & long.MaxValue);
    }

    /// <summary>The random-pruning baseline's mask at a level.</summary>
    public static long RandomPrune(long runSeed, int level) => Derive(runSeed, SeedPurpose.RandomPrune, level);

    /// <summary>The random re-initialisation baseline's fresh weights at a level.</summary>
    public static long Reinit(long runSeed, int level) => Derive(runSeed, SeedPurpose.Reinit, level);

    /// <summary>The random draw of a method's own mask at a level (random layer budgets, shuffle ablations), one stream per method name.</summary>
    public static long MethodMask(long runSeed, string method, int level) => Derive(runSeed, SeedPurpose.MethodMask + method, level);

    /// <summary>The data order and dropout noise of copy <paramref name="copy"/> (0 or 1) in instability analysis, from the run's data seed.</summary>
    public static int InstabilityCopy(long dataSeed, int copy) => (int)(Derive(dataSeed, SeedPurpose.InstabilityCopy, copy) & int.MaxValue);

    /// <summary>Rows of pre-trained word vectors the file lacks (seeded by the model's initialisation seed).</summary>
    public static long VectorsOov(long initSeed) => Derive(initSeed, SeedPurpose.VectorsOov);

    /// <summary>Dropout noise in one epoch; the pre-policy formula, kept so dense results do not change.</summary>
    public static long Dropout(int runSeed, int epoch) => (long)runSeed * 1_000_003L + epoch;
}

/// <summary>The purpose names <see cref="SeedPolicy.Derive"/> hashes; changing one changes every result drawn with it.</summary>
public static class SeedPurpose
{
    public const string RandomPrune = "random-prune/level";
    public const string Reinit = "reinit/level";
    public const string VectorsOov = "vectors-oov";
    public const string Split = "split/replicate";
    public const string MethodMask = "mask/";
    public const string InstabilityCopy = "instability/copy";
}
