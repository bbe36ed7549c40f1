using System.CommandLine;
using TicketLab.Lottery;

namespace TicketLab.Cli;

/// <summary>`ticketlab train`: one dense training run and its table row.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var command = new Command("train", "Train a dense model and report the study's table (best epoch by validation loss, tested).");
        common.AddTo(command);
        command.SetAction(r => ExperimentRunner.Execute(common, r, new PruningHparams(Levels: 0, Baselines: Baselines.None)));
        return command;
    }
}
