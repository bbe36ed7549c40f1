using System.Text.Json.Serialization;
using TicketLab.Training;

namespace TicketLab.Lottery;

/// <summary>The instability of one network of a run (the dense network at level 0, else the level's ticket) from one rewind point:
/// the two copies' training and the validation metrics along the straight path between them.</summary>
public sealed record StabilityPair(
    string Run,                             // the run whose masks and dense training it used
    string Rewind,                          // the rewind point as written ("2%")
    long Step,                              // the step it names
    long TotalSteps,                        // of the run's schedule
    int Level,                              // 0: the dense network, else the level's ticket
    double RemainingOfAll,                  // the share of all parameters the network keeps
    int Seed,                               // the data seed the copies' seeds derive from (SeedPolicy.InstabilityCopy)
    TrainingResult CopyA,
    TrainingResult CopyB,
    IReadOnlyList<InstabilityPoint> Path)   // α = 0 (copy A) to α = 1 (copy B)
{
    /// <summary>"dense" at level 0, else "ticket".</summary>
    [JsonIgnore]
    public string Method => Methods.ChainAt(Level);

    /// <summary>See <see cref="InstabilityResult.Barrier"/>.</summary>
    [JsonIgnore]
    public double Barrier => InstabilityResult.BarrierOf(Path);

    /// <summary>The rewind step as a share of training.</summary>
    [JsonIgnore]
    public double ShareOfTraining => (double)Step / TotalSteps;
}
