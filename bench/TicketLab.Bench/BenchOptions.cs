namespace TicketLab.Bench;

/// <summary>Sizes of one benchmark run; <see cref="Tiny"/> keeps the harness working in CI in seconds.</summary>
public sealed record BenchOptions(
    string DataDir,
    int TrainExamples = 2048,
    int BatchSize = 64,
    int MaxLength = 400,
    int Repeats = 3,
    int MatmulSize = 1024,
    bool Tokenization = true,
    int? Threads = null,
    bool ReferenceTiming = true)          // time PyTorch epochs (P7); without it only the first-step parity check runs
{
    public static BenchOptions Tiny(string dataDir) =>
        new(dataDir, TrainExamples: 128, BatchSize: 32, MaxLength: 64, Repeats: 1, MatmulSize: 256, Tokenization: false, ReferenceTiming: false);
}
