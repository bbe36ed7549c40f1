namespace TicketLab.Lottery;

/// <summary>Receives the progress of a lottery run level by level.</summary>
public interface ILotteryObserver
{
    void OnLevelStart(int level, string method, double sparsity) { }
    void OnLevelDone(LevelResult result, bool fromStore) { }
}
