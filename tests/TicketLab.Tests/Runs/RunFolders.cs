using TicketLab.Store;

namespace TicketLab.Tests.Runs;

/// <summary>The run folders under a runs folder, without the shared dense units (runs/units/) beside them.</summary>
internal static class RunFolders
{
    public static string[] In(string runs) =>
        Directory.GetDirectories(runs).Where(d => Path.GetFileName(d) != DenseUnitFolder.FolderName).ToArray();
}
