using System.Text;

namespace TicketLab.Store;

/// <summary>The class names of a run in label order (classes.txt beside vocab.txt), so a prediction can name its label.</summary>
/// <remarks>Runs recorded before this file existed have none: readers fall back to the label indices ("0", "1", …).</remarks>
public static class RunClasses
{
    public const string FileName = "classes.txt";

    /// <summary>Writes one class name per line, atomically; a name's line breaks become spaces so each stays one line.</summary>
    public static void Save(string runDir, IReadOnlyList<string> classes) =>
        AtomicFile.WriteAllText(Path.Combine(runDir, FileName),
            string.Concat(classes.Select(c => c.ReplaceLineEndings(" ") + "\n")));

    /// <summary>The run's class names, or the indices 0 … <paramref name="count"/> − 1 when it has no classes.txt.</summary>
    /// <exception cref="UserException">classes.txt exists but does not hold <paramref name="count"/> names.</exception>
    public static IReadOnlyList<string> Load(string runDir, int count)
    {
        var path = Path.Combine(runDir, FileName);
        if (!File.Exists(path)) return [.. Enumerable.Range(0, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        string[] lines;
        try { lines = File.ReadAllLines(path, Encoding.UTF8); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserException($"cannot read {path}: {e.Message.ReplaceLineEndings(" ")}");
        }
        if (lines.Length != count)
            throw new UserException($"{path}: {lines.Length} class names, but the model has {count} outputs; remove the file to name classes by index");
        return lines;
    }
}
