namespace TicketLab.Store;

/// <summary>The lowercase names the store and the CLI use for run states.</summary>
public static class RunStates
{
    public static string Name(RunState s) => s.ToString().ToLowerInvariant();

    public static RunState Parse(string s) => s.ToLowerInvariant() switch
    {
        "running" => RunState.Running,
        "done" => RunState.Done,
        "failed" => RunState.Failed,
        "partial" => RunState.Partial,
        _ => throw new FormatException($"unknown run state '{s}'"),
    };
}
