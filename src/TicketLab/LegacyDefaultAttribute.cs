namespace TicketLab;

/// <summary>Marks a setting whose default differs from what runs did before the setting existed: run names and records
/// written before it are read as <see cref="Value"/>, and a run is named by the setting unless it has that value.</summary>
/// <remarks>So a new default never takes an old run's name (and its folder of results made the old way), while asking for
/// the old behaviour explicitly still finds the old run.</remarks>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class LegacyDefaultAttribute(object value) : Attribute
{
    /// <summary>The value every run named before the setting existed had.</summary>
    public object Value { get; } = value;
}
