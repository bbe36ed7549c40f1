namespace TicketLab.Pruning;

/// <summary>The structures of one layer that compete with each other (a convolution's filters, an LSTM layer's hidden units, a BERT
/// layer's heads or feed-forward neurons): <see cref="Count"/> of them, each owning its slice of every tensor in <see cref="Slices"/>.</summary>
public sealed record StructureGroup(string Name, int Count, IReadOnlyList<StructureSlice> Slices);
