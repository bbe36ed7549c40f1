using TicketLab.Reporting;

namespace TicketLab.Tests.Reporting;

public class StatTests
{
    [Fact]
    public void SampleStandardDeviationOverSeeds()
    {
        var s = Stat.Of([0.80, 0.84, 0.86]);
        Assert.Equal(0.8333333333333334, s.Mean, 12);
        Assert.Equal(Math.Sqrt((0.0011111111111111 + 0.0000444444444444 + 0.0007111111111111) / 2), s.Std, 9);
        Assert.Equal("83.33 ± 3.06", s.Format("F2", 100));
    }

    [Fact]
    public void OneSeedHasNoDeviation()
    {
        var s = Stat.Of([0.5]);
        Assert.True(double.IsNaN(s.Std));
        Assert.Equal(0, s.ErrorBar);
        Assert.Equal("50.0", s.Format("F1", 100));
        Assert.Equal("—", Stat.Of([]).Format("F1"));
    }
}
