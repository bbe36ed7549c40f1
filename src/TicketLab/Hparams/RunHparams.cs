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
    int Seed = 1);
