namespace TicketLab.Store;

/// <summary>A shared unit's manifest as both kinds of unit record it: the canonical text of the key it was made for.</summary>
internal interface IUnitManifest
{
    /// <summary>The canonical settings text the unit's key hashes.</summary>
    string Key { get; }
}

/// <summary>Reads and writes a shared unit's checksummed <c>unit.json</c>, the one file that says a unit is complete and for whom.</summary>
internal static class UnitManifest
{
    public const string FileName = "unit.json";

    /// <summary>Writes <paramref name="unit"/> into <paramref name="dir"/> atomically.</summary>
    public static void Write<T>(string dir, T unit) where T : IUnitManifest =>
        AtomicFile.WriteAllText(Path.Combine(dir, FileName), ChecksummedJson.Serialize(unit, FolderLevelStore.Json));

    /// <summary>The manifest in <paramref name="dir"/>; <see cref="InvalidDataException"/> when it is missing, does not verify, is
    /// not <paramref name="complete"/> or was made for other settings than <paramref name="canonical"/> (<paramref name="what"/>:
    /// "dense level", "chain level", for the message).</summary>
    public static T Read<T>(string dir, string canonical, Func<T, bool> complete, string what) where T : class, IUnitManifest
    {
        var path = Path.Combine(dir, FileName);
        if (!File.Exists(path)) throw new InvalidDataException($"{path} is missing");
        var unit = ChecksummedJson.Read<T>(path, File.ReadAllText(path), FolderLevelStore.Json); // invalid JSON: InvalidDataException
        // deserialisation leaves a missing member null whatever its declared nullability
        if (unit?.Key is null || !complete(unit)) throw new InvalidDataException($"{path}: incomplete unit");
        if (unit.Key != canonical) throw new InvalidDataException($"{path}: holds another {what}'s settings");
        return unit;
    }
}
