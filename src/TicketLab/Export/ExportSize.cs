namespace TicketLab.Export;

/// <summary>The file sizes of one level's masked weights as dense and as compact safetensors.</summary>
public sealed record ExportSize(int Level, string Method, double Sparsity, long DenseBytes, long CompactBytes)
{
    /// <summary>Compact ÷ dense.</summary>
    public double Ratio => (double)CompactBytes / DenseBytes;
}
