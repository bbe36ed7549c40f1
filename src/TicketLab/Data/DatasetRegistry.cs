namespace TicketLab.Data;

/// <summary>Finds a dataset by name and returns it numericalised, from the cache when the source and settings are unchanged.</summary>
public static class DatasetRegistry
{
    private delegate EncodedDataset Loader(string dataDir, DataHparams h, string cacheDir, Downloader downloader);

    private static readonly Dictionary<string, Loader> Loaders = new(StringComparer.OrdinalIgnoreCase)
    {
        [ImdbDataset.Name] = (dir, h, cache, downloader) => ImdbDataset.LoadEncoded(dir, h, cache, new BasicEnglishTokenizer(), downloader),
    };

    /// <summary>Names accepted by <see cref="LoadEncoded"/>.</summary>
    public static IReadOnlyCollection<string> Names => Loaders.Keys;

    /// <summary>Checks a name before anything is read, so a typo fails at once.</summary>
    public static void Validate(string name)
    {
        if (!Loaders.ContainsKey(name))
            throw new DataException($"unknown dataset '{name}'; known datasets: {string.Join(", ", Names)}");
    }

    public static EncodedDataset LoadEncoded(DataHparams h, string dataDir, Downloader downloader)
    {
        Validate(h.Dataset);
        return Loaders[h.Dataset](dataDir, h, DataDirectory.CacheDirectory(), downloader);
    }
}
