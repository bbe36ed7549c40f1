namespace TicketLab.Lottery;

/// <summary>The names of the built-in methods, for code that names one (stores, tables); each is defined by its method type.</summary>
public static class Methods
{
    public const string Dense = DenseMethod.Id;
    public const string DenseRewind = DenseRewindMethod.Id;
    public const string Ticket = TicketMethod.Id;
    public const string RandomPrune = RandomPruneMethod.Id;
    public const string RandomReinit = RandomReinitMethod.Id;
    public const string FineTune = FineTuneMethod.Id;

    /// <summary>The network a level stands for: the dense network at level 0, else the level's ticket.</summary>
    public static string ChainAt(int level) => level == 0 ? Dense : Ticket;
}
