using System.Text;
using TicketLab.Reporting;
using TicketLab.Tests.Data;

namespace TicketLab.Tests.Reporting;

public class TensorBoardWriterTests
{
    [Fact]
    public void Crc32CMatchesTheCastagnoliCheckValue() =>
        Assert.Equal(0xE3069283u, Crc32C.Compute(Encoding.ASCII.GetBytes("123456789"))); // RFC 3720 / iSCSI check value

    [Fact]
    public void EventsReadBackWithValidCrcsAndTheirTagsStepsAndValues()
    {
        using var dir = new TempDir();
        var time = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_250);
        string path;
        using (var w = new TensorBoardWriter(dir.Path))
        {
            path = w.Path;
            w.Scalar("level_03/ticket/val_acc", 0.8125, 2, time);
            w.Scalar("level_03/ticket/val_loss", 0.4, 300, time);
        }
        Assert.StartsWith("events.out.tfevents.", Path.GetFileName(path));
        var events = TfEventsReader.Read(path);
        Assert.Equal(3, events.Count);
        Assert.Equal("brain.Event:2", events[0].FileVersion);
        Assert.Empty(events[0].Values);
        Assert.Equal((2L, 1_700_000_000.25), (events[1].Step, events[1].WallTime));
        Assert.Equal([("level_03/ticket/val_acc", 0.8125f)], events[1].Values);
        Assert.Equal(300L, events[2].Step); // a step past one varint byte
        Assert.Equal([("level_03/ticket/val_loss", 0.4f)], events[2].Values);
    }

    [Fact]
    public void ACorruptedByteFailsItsRecordsCrc()
    {
        using var dir = new TempDir();
        string path;
        using (var w = new TensorBoardWriter(dir.Path)) { path = w.Path; w.Scalar("a", 1, 1); }
        var bytes = File.ReadAllBytes(path);
        bytes[^6] ^= 0x01; // inside the last record's data
        File.WriteAllBytes(path, bytes);
        Assert.Throws<InvalidDataException>(() => TfEventsReader.Read(path));
    }
}
