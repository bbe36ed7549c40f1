namespace TicketLab.Data;

/// <summary>What `ticketlab datasets` says about one known dataset: where it was found (or the not-found message), split sizes,
/// class balance per split, and file checks (md5 against the published one, or structure).</summary>
public sealed record DatasetInfo(
    string Name,
    string Description,
    bool Found,
    string Location,                       // the file or folder read, or why and where to put it when not found
    IReadOnlyList<string> ClassNames,
    IReadOnlyList<SplitInfo> Splits,
    IReadOnlyList<string> Checks,          // "test.csv: md5 matches the canonical d52e…", "…: structure ok, md5 differs from Stanford's (repack)"
    int Skipped = 0);
