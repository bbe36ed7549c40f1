using TicketLab.Cluster;
using TicketLab.Hparams;

namespace TicketLab.Tests.Cluster;

/// <summary>sbatch's time forms read as Slurm reads them, and everything else refused with the option's name.</summary>
public sealed class SlurmTimeTests
{
    [Theory]
    [InlineData("90", 90 * 60)]              // minutes, unbounded
    [InlineData("5:30", 5 * 60 + 30)]        // M:S
    [InlineData("1:30:00", 90 * 60)]         // H:M:S
    [InlineData("36:00:00", 36 * 3600)]      // hours beyond a day in H:M:S
    [InlineData("2-0", 2 * 86400)]           // D-H
    [InlineData("1-12", 86400 + 12 * 3600)]
    [InlineData("1-2:3", 86400 + 2 * 3600 + 3 * 60)]           // D-H:M
    [InlineData("0-0:0:45", 45)]                                // D-H:M:S
    [InlineData(" 10 ", 600)]
    public void ReadsEachForm(string text, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), SlurmTime.Parse(text).Span);
    }

    [Theory]
    [InlineData("0", "must be more than 0")]
    [InlineData("0:00:00", "must be more than 0")]
    [InlineData("unlimited", "must be a finite time")]
    [InlineData("1h", "is not a Slurm time")]
    [InlineData("-5", "is not a Slurm time")]
    [InlineData("1:2:3:4", "is not a Slurm time")]
    [InlineData("1-", "is not a Slurm time")]
    [InlineData("", "is not a Slurm time")]
    [InlineData("1:60", "60 is out of range")]
    [InlineData("1:61:00", "61 is out of range")]
    [InlineData("1-24", "24 is out of range")]
    [InlineData("99999999999", "out of range")]
    public void RefusesWhatSbatchWouldNotReadAsAFiniteLimit(string text, string message)
    {
        var e = Assert.Throws<SettingsException>(() => SlurmTime.Parse(text, "--time"));
        Assert.StartsWith("--time", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData("90", "0-01:30:00")]
    [InlineData("3-4:05:06", "3-04:05:06")]
    public void WritesTheDayForm(string text, string written)
    {
        var time = SlurmTime.Parse(text);
        Assert.Equal(written, time.ToString());
        Assert.Equal(time, SlurmTime.Parse(time.ToString())); // what is written reads back the same
    }
}
