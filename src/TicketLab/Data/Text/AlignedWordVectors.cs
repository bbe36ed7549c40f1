using TorchSharp;

namespace TicketLab.Data;

/// <summary>Pre-trained vectors aligned to a vocabulary: row i of <see cref="Weights"/> [vocab.Count, Dim] belongs to token id i.</summary>
/// <remarks>Rows of tokens the file lacks hold a seeded uniform init with the found vectors' variance (Kim 2014); &lt;pad&gt; and &lt;unk&gt; rows are zero.</remarks>
public sealed record AlignedWordVectors(float[,] Weights, int Found, int Dim, string SourcePath)
{
    /// <summary>Vocabulary tokens (not counting &lt;pad&gt; and &lt;unk&gt;) without a vector in the file.</summary>
    public int Missing => Weights.GetLength(0) - 2 - Found;

    /// <summary>The weights as a float32 tensor [vocab.Count, Dim] on the CPU, e.g. to copy into an embedding table.</summary>
    public torch.Tensor ToTensor()
    {
        var flat = new float[Weights.Length];
        Buffer.BlockCopy(Weights, 0, flat, 0, flat.Length * sizeof(float));
        return torch.tensor(flat, [Weights.GetLength(0), Dim]);
    }
}
