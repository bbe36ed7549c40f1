using System.CommandLine;
using Spectre.Console;
using TicketLab.Hparams;
using TicketLab.Runs;

namespace TicketLab.Cli;

/// <summary>`ticketlab transfer`: train a ticket from one run on another dataset of the same task.</summary>
internal static class TransferCommand
{
    public static Command Create(string model)
    {
        var common = new CommonOptions(RunKind.Dense, model, "data", "model", "training", "run");
        var from = new Option<string>("--from") { Description = "the source run folder (runs/<name>)", Required = true };
        var level = new Option<int>("--level") { Description = "which level's ticket to transfer", Required = true };
        var command = new Command("transfer", "Train the ticket (mask + rewind weights) of a finished run on another dataset, beside a random mask and the dense model.");
        common.AddTo(command);
        command.Options.Add(from);
        command.Options.Add(level);
        command.SetAction(r =>
        {
            // the model (its word vectors too) is the source run's, and a transfer is one seed: refuse what would be ignored
            if (common.Given(r).FirstOrDefault(g => g.Setting.Section == "model") is { Setting: not null } model)
                throw new SettingsException($"{model.Typed} cannot be used with transfer: the model is the source run's");
            if (r.GetResult(common.Seeds) is { Implicit: false })
                throw new SettingsException("--seeds cannot be used with transfer: a transfer runs one --seed; run it once per seed");
            var target = common.Bind(r);
            using var progress = new ConsoleProgress(target.Training.Epochs);
            var experiment = new TransferExperiment(r.GetValue(from)!, r.GetValue(level), target.Data, target.Training, target.Seed, common.Options(r, progress));
            progress.Log($"transfer run {experiment.RunName} → {experiment.RunDir}");
            var outcome = progress.Wrap(experiment.Run);
            Console.Write(outcome.Markdown);
            AnsiConsole.MarkupLineInterpolated($"written to [bold]{Path.Combine(outcome.RunDir, "results.md")}[/]");
            return 0;
        });
        return command;
    }
}
