namespace TicketLab.Lottery;

/// <summary>Method names used in results.</summary>
public static class Methods
{
    public const string Dense = "dense";
    public const string Ticket = "ticket";
    public const string RandomPrune = "random-prune";
    public const string RandomReinit = "random-reinit";
    public const string FineTune = "fine-tune";
}
