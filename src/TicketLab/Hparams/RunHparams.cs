using TicketLab.Data;
using TicketLab.Lottery;
using TicketLab.Models;
using TicketLab.Training;

namespace TicketLab.Hparams;

/// <summary>Everything that determines a run's results; its canonical non-default form names the run.</summary>
public sealed record RunHparams(
    DataHparams Data,
    ModelHparams Model,
    TrainingHparams Training,
    PruningHparams Pruning,
    int Seed = 1,
    int? InitSeed = null,      // null: the run seed (SeedPolicy.Seeds)
    int? DataSeed = null,      // data order and dropout; null: the run seed
    bool VarySplit = false)    // each run seed draws its own split from Data.SplitSeed (SeedPolicy.Split)
{
    /// <summary>The run, initialisation and data-order seeds this run draws with.</summary>
    public RunSeeds Seeds() => SeedPolicy.Seeds(Seed, InitSeed, DataSeed);

    /// <summary>The data settings with the split seed this run uses (its own with --vary-split).</summary>
    public DataHparams SplitData() => Data with { SplitSeed = SeedPolicy.Split(Data.SplitSeed, Seed, VarySplit) };

    /// <summary>Rejects settings no run can use, unknown dataset and model names and missing files, before anything is read or written.</summary>
    /// <exception cref="SettingsException">The first problem, naming the CLI option (see <see cref="SettingsVocabulary.Problems"/>).</exception>
    public void Validate() => SettingsVocabulary.Validate(this);
}
