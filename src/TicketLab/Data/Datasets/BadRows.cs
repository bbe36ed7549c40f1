namespace TicketLab.Data;

/// <summary>What a reader does with a malformed row or file: fail with a <see cref="DataException"/> naming file, line and field
/// (the default), or, when asked (<see cref="DataHparams.SkipBadRows"/>), skip it and count it.</summary>
public sealed class BadRows(bool skip)
{
    private const int NotesKept = 20;
    private readonly List<string> _notes = [];
    private int _count;

    public bool Skip { get; } = skip;

    /// <summary>Rows skipped so far.</summary>
    public int Count => _count;

    /// <summary>The first few problems skipped, "file:line: field N: problem", for the log and `ticketlab datasets`.</summary>
    public IReadOnlyList<string> Notes => _notes;

    /// <summary>Throws, or counts the row as skipped. <paramref name="where"/> is "file:line" (or an archive entry), <paramref name="field"/> a 1-based column or a name.</summary>
    public void Report(string where, string? field, string problem)
    {
        var note = field is null ? $"{where}: {problem}" : $"{where}: field {field}: {problem}";
        if (!Skip) throw new DataException($"{note}; fix the data or skip such rows with --skip-bad-rows (DataHparams.SkipBadRows).");
        lock (_notes)
        {
            _count++;
            if (_notes.Count < NotesKept) _notes.Add(note);
        }
    }

    /// <summary>The splits with this reader's skip count and notes attached.</summary>
    public DatasetSplits AttachTo(DatasetSplits splits) =>
        _count == 0 ? splits : splits with { Skipped = splits.Skipped + _count, SkipNotes = [.. splits.SkipNotes ?? [], .. _notes] };
}
