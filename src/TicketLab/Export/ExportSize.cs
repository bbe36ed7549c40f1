using System.Globalization;
using TicketLab.Reporting;

namespace TicketLab.Export;

/// <summary>The file sizes of one level's masked weights as dense and as compact safetensors.</summary>
/// <remarks>Sparsity is pruned ÷ prunable weights; SparsityOfAll is pruned ÷ all parameters, which bounds what the compact file saves.</remarks>
public sealed record ExportSize(int Level, string Method, double Sparsity, double SparsityOfAll, long DenseBytes, long CompactBytes)
{
    /// <summary>Compact ÷ dense.</summary>
    public double Ratio => (double)CompactBytes / DenseBytes;

    /// <summary>The sizes as a table: level, method, both sparsities, dense and compact bytes, compact ÷ dense.</summary>
    public static ReportTable Table(IEnumerable<ExportSize> sizes) => new(
        ["level", "method", "pruned of prunable", "pruned of all", "dense bytes", "compact bytes", "compact ÷ dense"],
        [.. sizes.Select(s => (IReadOnlyList<string>)[
            s.Level.ToString(CultureInfo.InvariantCulture), s.Method,
            s.Sparsity.ToString("P1", CultureInfo.InvariantCulture), s.SparsityOfAll.ToString("P1", CultureInfo.InvariantCulture),
            s.DenseBytes.ToString("N0", CultureInfo.InvariantCulture), s.CompactBytes.ToString("N0", CultureInfo.InvariantCulture),
            s.Ratio.ToString("P1", CultureInfo.InvariantCulture)])]);
}
