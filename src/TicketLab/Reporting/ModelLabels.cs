
namespace TicketLab.Reporting;

/// <summary>How tables spell a model's name (as Experiment's results.md does).</summary>
public static class ModelLabels
{
    public static string Of(string model) => model.ToLowerInvariant() switch
    {
        "cnn" => "CNN",
        var other => other.ToUpperInvariant(),
    };
}
