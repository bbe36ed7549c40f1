using System.CommandLine;
using TicketLab.Hparams;

namespace TicketLab.Cli;

/// <summary>`ticketlab train`: one dense training run and its table row.</summary>
internal static class TrainCommand
{
    public static Command Create(string model)
    {
        var common = new CommonOptions(RunKind.Dense, model, "data", "model", "training", "run");
        var command = new Command("train", "Train a dense model and report the study's table (best epoch by validation loss, tested).");
        common.AddTo(command);
        command.SetAction(r => ExperimentRunner.Execute(common, r));
        return command;
    }
}
