namespace TicketLab;

/// <summary>SplitMix64 (Steele, Lea, Flood 2014): a tiny generator whose stream is fixed by its 64-bit state on every .NET and machine, unlike <see cref="Random"/>.</summary>
public struct SplitMix64(ulong state)
{
    private const ulong Gamma = 0x9E3779B97F4A7C15UL;

    private ulong state = state;

    public ulong Next()
    {
        state += Gamma;
        return Mix(state);
    }

    /// <summary>Uniform in [0, <paramref name="bound"/>): Lemire's multiply-shift with rejection (unbiased).</summary>
    public ulong NextBelow(ulong bound)
    {
        ArgumentOutOfRangeException.ThrowIfZero(bound);
        ulong threshold = (0UL - bound) % bound;
        while (true)
        {
            UInt128 m = (UInt128)Next() * bound;
            if ((ulong)m >= threshold) return (ulong)(m >> 64);
        }
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>The SplitMix64 finaliser: a bijective 64-bit mix.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
