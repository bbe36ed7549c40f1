using System.Text;
using TicketLab.Data;

namespace TicketLab.Tests.Data;

/// <summary>The byte-level CSV/TSV reader: RFC 4180 quoting, line numbers across quoted newlines, CRLF, BOM and blank lines.</summary>
public sealed class DelimitedReaderTests
{
    private static List<DelimitedRecord> Csv(string s) => [.. DelimitedReader.Read(Encoding.UTF8.GetBytes(s), (byte)',', quoted: true)];

    [Fact]
    public void Quoted_fields_hold_separators_quotes_and_newlines_and_lines_are_counted_across_them()
    {
        var records = Csv("\uFEFFa,\"b,\"\"c\"\"\nd\"\r\n\n\"e\",,f\r\nlast,\"\"");
        Assert.Equal([1, 4, 5], records.Select(r => r.Line));
        Assert.Equal(["a", "b,\"c\"\nd"], records[0].Fields);
        Assert.Equal(["e", "", "f"], records[1].Fields);
        Assert.Equal(["last", ""], records[2].Fields);
        Assert.All(records, r => Assert.Null(r.Problem));
    }

    [Fact]
    public void Tsv_keeps_quotes_as_text()
    {
        var records = DelimitedReader.Read(Encoding.UTF8.GetBytes("\"a\" b\tc\"\n"), (byte)'\t', quoted: false).ToList();
        Assert.Equal(["\"a\" b", "c\""], Assert.Single(records).Fields);
    }

    [Fact]
    public void A_problem_stays_with_its_record_and_reading_goes_on()
    {
        var bytes = Encoding.UTF8.GetBytes("ok,1\nbad,").Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("\nok,2\n")).ToArray();
        var records = DelimitedReader.Read(bytes, (byte)',', quoted: true).ToList();
        Assert.Equal(3, records.Count);
        Assert.Equal(2, records[1].ProblemField);
        Assert.StartsWith("invalid UTF-8 at byte 0", records[1].Problem);
        Assert.Equal(["ok", "2"], records[2].Fields);
    }
}
