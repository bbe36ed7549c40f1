namespace TicketLab.Store;

/// <summary>Moves a shared unit that does not verify out of the way (<c>units/&lt;name&gt;.corrupt-&lt;time&gt;</c>), kept for a
/// look rather than deleted, so the level is trained again and published under the unit's name.</summary>
internal static class UnitAside
{
    /// <summary>Moves <c>units/<paramref name="name"/></c> aside and says so; <paramref name="what"/> names the level ("the dense
    /// level", "level 3 ticket") in the message.</summary>
    public static void Move(string unitsDir, string name, string what, Exception e, Action<string>? log)
    {
        var aside = $"{name}.corrupt-{DateTime.UtcNow:yyyyMMddTHHmmssfff}";
        var unit = $"{DenseUnitFolder.FolderName}/{name}";
        try
        {
            Directory.Move(Path.Combine(unitsDir, name), Path.Combine(unitsDir, aside));
            AtomicFile.SyncDirectory(unitsDir);
            log?.Invoke($"{unit} does not verify ({e.Message.ReplaceLineEndings(" ")}): moved aside to {DenseUnitFolder.FolderName}/{aside}; {what} is trained again");
        }
        catch (Exception move) when (move is IOException or UnauthorizedAccessException)
        {
            log?.Invoke($"{unit} does not verify ({e.Message.ReplaceLineEndings(" ")}) and cannot be moved aside ({move.Message.ReplaceLineEndings(" ")}); {what} is trained here");
        }
    }
}
