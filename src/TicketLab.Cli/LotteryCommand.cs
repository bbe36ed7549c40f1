using System.CommandLine;
using TicketLab.Hparams;

namespace TicketLab.Cli;

/// <summary>`ticketlab lottery`: iterative or one-shot magnitude pruning with rewinding, plus baselines, one table row per level and method.</summary>
internal static class LotteryCommand
{
    public static Command Create(string model)
    {
        var common = new CommonOptions(RunKind.Lottery, model, "data", "model", "training", "pruning", "run");
        var command = new Command("lottery", "Find lottery tickets: train dense, then prune, rewind and retrain level by level, beside random baselines.");
        common.AddTo(command);
        command.SetAction(r => ExperimentRunner.Execute(common, r));
        return command;
    }
}
