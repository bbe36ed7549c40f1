namespace TicketLab.Data;

/// <summary>One split as token ids (each example truncated to MaxLength and never empty) and labels.</summary>
public sealed record EncodedSplit(int[][] Ids, int[] Labels)
{
    public int Count => Labels.Length;
}
