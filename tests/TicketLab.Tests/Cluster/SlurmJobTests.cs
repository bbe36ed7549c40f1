using TicketLab.Cluster;
using TicketLab.Hparams;

namespace TicketLab.Tests.Cluster;

/// <summary>A job's settings: the early signal's lead and what sbatch would refuse or misread.</summary>
public sealed class SlurmJobTests
{
    [Theory]
    [InlineData(null, null, 300)]          // no limit known: five minutes
    [InlineData("2:00:00", null, 300)]     // long limit: five minutes
    [InlineData("8", null, 120)]           // short limit: a quarter of it
    [InlineData("8", "1:30", 90)]          // as given
    public void TheSignalComesAQuarterOrFiveMinutesBeforeTheLimit(string? time, string? before, int seconds)
    {
        var job = new SlurmJob { Time = time is null ? null : SlurmTime.Parse(time), SignalBefore = before is null ? null : SlurmTime.Parse(before) };
        Assert.Equal(TimeSpan.FromSeconds(seconds), job.Validate().SignalLead);
    }

    public static TheoryData<SlurmJob, string> BadJobs() => new()
    {
        { new SlurmJob { Workers = 0 }, "--workers must be between 1 and 1000" },
        { new SlurmJob { Workers = 1001 }, "--workers must be between 1 and 1000" },
        { new SlurmJob { Workers = 4, Throttle = 5 }, "--throttle must be between 1 and --workers (4)" },
        { new SlurmJob { Throttle = 0 }, "--throttle must be between 1" },
        { new SlurmJob { CpusPerTask = 0 }, "--cpus-per-task must be at least 1" },
        { new SlurmJob { Partition = "cpu\n#SBATCH --account=other" }, "--partition" },
        { new SlurmJob { Partition = "two words" }, "--partition 'two words' is not a Slurm name" },
        { new SlurmJob { Account = "a;b" }, "--account 'a;b' is not a Slurm name" },
        { new SlurmJob { Qos = "" }, "--qos '' is not a Slurm name" },
        { new SlurmJob { Mem = "4GB" }, "--mem '4GB' is not a memory size" },
        { new SlurmJob { Mem = "0G" }, "--mem '0G' is not a memory size" },
        { new SlurmJob { Gres = "gpu 1" }, "--gres 'gpu 1' is not a generic-resource list" },
        { new SlurmJob { Gres = ":1" }, "--gres ':1' is not a generic-resource list" },
        { new SlurmJob { Time = SlurmTime.Parse("10"), SignalBefore = SlurmTime.Parse("10") }, "--signal-before (0-00:10:00) must be shorter than --time (0-00:10:00)" },
        { new SlurmJob { SignalBefore = SlurmTime.Parse("1-0") }, "--signal-before must be at most 65535 seconds" },
    };

    [Theory]
    [MemberData(nameof(BadJobs))]
    public void RefusesWhatSbatchWouldRefuseOrMisread(SlurmJob job, string message)
    {
        Assert.Contains(message, Assert.Throws<SettingsException>(() => job.Validate()).Message);
    }

    [Fact]
    public void AcceptsSiteValues()
    {
        var job = new SlurmJob { Workers = 1000, Throttle = 10, Partition = "cpu,short", Mem = "3500M", Gres = "gpu:a100:2,tmp:10", Account = "proj-123", Qos = "normal" };
        Assert.Same(job, job.Validate());
    }
}
