using TicketLab.Data;

namespace TicketLab.Tests.Data;

public sealed class DataDirectoryTests
{
    [Fact]
    public void Explicit_then_environment_then_user_cache()
    {
        // Only this test touches these variables; restore them whatever happens.
        string?[] saved = [Environment.GetEnvironmentVariable("TICKETLAB_DATA"), Environment.GetEnvironmentVariable("TICKETLAB_CACHE"), Environment.GetEnvironmentVariable("XDG_CACHE_HOME")];
        try
        {
            Environment.SetEnvironmentVariable("TICKETLAB_DATA", "/env/data");
            Environment.SetEnvironmentVariable("TICKETLAB_CACHE", "/env/cache");
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", "/xdg");
            Assert.Equal("/explicit", DataDirectory.Resolve("/explicit"));
            Assert.Equal("/env/data", DataDirectory.Resolve(null));
            Assert.Equal("/env/cache", DataDirectory.CacheDirectory());

            Environment.SetEnvironmentVariable("TICKETLAB_DATA", null);
            Environment.SetEnvironmentVariable("TICKETLAB_CACHE", null);
            Assert.Equal("/xdg/ticketlab/datasets", DataDirectory.Resolve(""));
            Assert.Equal("/xdg/ticketlab/cache", DataDirectory.CacheDirectory());

            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", null);
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            Assert.Equal(Path.Combine(home, ".cache", "ticketlab", "datasets"), DataDirectory.Resolve(null));
            Assert.Equal(Path.Combine(home, ".cache", "ticketlab", "cache"), DataDirectory.CacheDirectory());
        }
        finally
        {
            Environment.SetEnvironmentVariable("TICKETLAB_DATA", saved[0]);
            Environment.SetEnvironmentVariable("TICKETLAB_CACHE", saved[1]);
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", saved[2]);
        }
    }
}
