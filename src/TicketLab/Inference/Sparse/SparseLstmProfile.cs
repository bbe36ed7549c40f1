using System.Diagnostics;

namespace TicketLab.Inference;

/// <summary>Where <see cref="SparseLstm"/>'s time goes, summed over the forward passes made while it is attached (for the P5 benchmark).</summary>
public sealed class SparseLstmProfile
{
    /// <summary>Seconds in the input products (all steps at once, with the biases).</summary>
    public double InputProducts { get; private set; }

    /// <summary>Seconds in the per-step recurrent products.</summary>
    public double RecurrentProducts { get; private set; }

    /// <summary>Seconds in the per-step gate arithmetic (<see cref="LstmStep"/>).</summary>
    public double GateArithmetic { get; private set; }

    /// <summary>Seconds in a whole forward pass (the rest: embedding lookup, reversing, concatenating, layouts, output layer).</summary>
    public double Total { get; private set; }

    internal void AddInput(long since) => InputProducts += Stopwatch.GetElapsedTime(since).TotalSeconds;

    // a step's timestamps: its product began at `product`, its gate arithmetic at `arithmetic` and ended now
    internal void AddStep(long product, long arithmetic)
    {
        RecurrentProducts += Stopwatch.GetElapsedTime(product, arithmetic).TotalSeconds;
        GateArithmetic += Stopwatch.GetElapsedTime(arithmetic).TotalSeconds;
    }

    internal void AddTotal(long since) => Total += Stopwatch.GetElapsedTime(since).TotalSeconds;
}
