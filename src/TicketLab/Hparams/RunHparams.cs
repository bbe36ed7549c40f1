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
    int Seed = 1)
{
    /// <summary>Rejects settings no run can use, unknown dataset and model names and missing files, before anything is read or written.</summary>
    /// <exception cref="SettingsException">The first problem, naming the CLI option (see <see cref="SettingsVocabulary.Problems"/>).</exception>
    public void Validate() => SettingsVocabulary.Validate(this);
}
