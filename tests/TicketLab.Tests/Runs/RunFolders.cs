using TicketLab.Store;

namespace TicketLab.Tests.Runs;

/// <summary>The run folders under a runs folder, without the shared units (runs/units/) beside them; and those units.</summary>
internal static class RunFolders
{
    public static string[] In(string runs) =>
        Directory.GetDirectories(runs).Where(d => Path.GetFileName(d) != DenseUnitFolder.FolderName).ToArray();

    /// <summary>The shared dense units (16 hex digits; a chain unit's name adds its level and method).</summary>
    public static string[] DenseUnits(string runs) =>
        Directory.GetDirectories(Path.Combine(runs, DenseUnitFolder.FolderName))
            .Where(d => System.Text.RegularExpressions.Regex.IsMatch(Path.GetFileName(d), "^[0-9a-f]{16}$")).ToArray();
}
