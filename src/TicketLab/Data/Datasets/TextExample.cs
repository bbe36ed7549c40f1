namespace TicketLab.Data;

/// <summary>One labelled text; <see cref="Source"/> says where it came from (file and line or archive entry) for error messages.</summary>
public sealed record TextExample(string Text, int Label, string Source = "");
