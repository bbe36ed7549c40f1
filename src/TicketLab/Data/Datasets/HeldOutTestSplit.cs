namespace TicketLab.Data;

/// <summary>Splits a corpus that has no official test split: a stratified, seeded test share (<see cref="DataHparams.TestFraction"/>,
/// default 0.2) first, then the usual validation share of the rest (<see cref="StratifiedSplit.FromTrainTest"/>).</summary>
public static class HeldOutTestSplit
{
    public const double DefaultTestFraction = 0.2;

    // The test split draws from its own seed stream, so it is not a prefix of the validation shuffle.
    private const int TestSeedSalt = 0x7E57_0000;

    public static DatasetSplits FromCorpus(string name, IReadOnlyList<TextExample> corpus, IReadOnlyList<string> classNames, DataHparams h)
    {
        double fraction = h.TestFraction ?? DefaultTestFraction;
        if (!(fraction is > 0 and < 1))
            throw new DataException($"TestFraction must be in (0, 1), got {fraction}; fix --test-fraction or the study file.");
        var (rest, test) = StratifiedSplit.Split(corpus, e => e.Label, fraction, h.SplitSeed ^ TestSeedSalt);
        return StratifiedSplit.FromTrainTest(name, rest, test, classNames, h);
    }
}
