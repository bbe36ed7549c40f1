namespace TicketLab.Data;

/// <summary>Where raw datasets and derived caches live: explicit folder, then environment variable, then the per-user cache.</summary>
public static class DataDirectory
{
    public const string DataVariable = "TICKETLAB_DATA";
    public const string CacheVariable = "TICKETLAB_CACHE";

    /// <summary>The raw-data folder: <paramref name="explicitDir"/> (--data-dir), else $TICKETLAB_DATA, else ~/.cache/ticketlab/datasets.</summary>
    public static string Resolve(string? explicitDir)
    {
        if (!string.IsNullOrWhiteSpace(explicitDir)) return Path.GetFullPath(explicitDir);
        var fromEnv = Environment.GetEnvironmentVariable(DataVariable);
        if (!string.IsNullOrWhiteSpace(fromEnv)) return Path.GetFullPath(fromEnv);
        return Path.Combine(UserCacheRoot(), "ticketlab", "datasets");
    }

    /// <summary>The folder for derived caches (encoded datasets): $TICKETLAB_CACHE, else ~/.cache/ticketlab/cache; never inside the (possibly read-only) data folder.</summary>
    public static string CacheDirectory()
    {
        var fromEnv = Environment.GetEnvironmentVariable(CacheVariable);
        if (!string.IsNullOrWhiteSpace(fromEnv)) return Path.GetFullPath(fromEnv);
        return Path.Combine(UserCacheRoot(), "ticketlab", "cache");
    }

    private static string UserCacheRoot()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        // The XDG spec says a relative value is invalid and must be ignored.
        if (!string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg)) return xdg;
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (string.IsNullOrEmpty(home))
            throw new DataException("Cannot find a home folder for the data cache: pass --data-dir or set TICKETLAB_DATA and TICKETLAB_CACHE.");
        return Path.Combine(home, ".cache");
    }
}
