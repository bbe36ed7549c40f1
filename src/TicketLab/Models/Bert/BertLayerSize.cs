namespace TicketLab.Models.Bert;

/// <summary>The sizes of one transformer layer of a compacted BERT: attention heads kept (each of the config's head size) and
/// feed-forward neurons kept; zero of either leaves that block's output dense with its bias alone.</summary>
public sealed record BertLayerSize(int Heads, int IntermediateSize);
