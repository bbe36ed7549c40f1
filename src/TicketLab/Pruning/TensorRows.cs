namespace TicketLab.Pruning;

/// <summary>How many rows of one weight tensor a mask prunes whole: slices along its first dimension, which are an embedding's words,
/// a convolution's filters or a linear or recurrent layer's output units.</summary>
public sealed record TensorRows(string Name, long Rows, long Pruned)
{
    public double Share => Rows == 0 ? 0 : (double)Pruned / Rows;
}
