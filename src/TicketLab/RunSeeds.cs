namespace TicketLab;

/// <summary>The seeds one run draws with, as <see cref="SeedPolicy.Seeds"/> derives them: the run seed (random masks and
/// re-initialisations), the model's initialisation, and the data order with dropout.</summary>
public readonly record struct RunSeeds(int Run, long Init, int Data)
{
    /// <summary>A run seed alone: initialisation and data order derived from it as before the separate seeds existed.</summary>
    public static implicit operator RunSeeds(int seed) => SeedPolicy.Seeds(seed);
}
