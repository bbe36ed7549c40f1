namespace TicketLab.Pruning;

/// <summary>How many of one tensor's weights are pruned.</summary>
public sealed record TensorSparsity(string Name, long Total, long Pruned)
{
    public double Sparsity => Total == 0 ? 0 : (double)Pruned / Total;
}
