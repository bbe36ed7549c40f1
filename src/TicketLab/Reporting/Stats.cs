namespace TicketLab.Reporting;

/// <summary>Mean and sample standard deviation of replicate values.</summary>
public readonly record struct Stats(double Mean, double StdDev, int Count)
{
    public static Stats Of(IEnumerable<double> values)
    {
        var v = values.ToList();
        if (v.Count == 0) return new Stats(double.NaN, double.NaN, 0);
        double mean = v.Average();
        double sd = v.Count > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Count - 1)) : 0;
        return new Stats(mean, sd, v.Count);
    }
}
