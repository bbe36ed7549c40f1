using System.CommandLine;
using Spectre.Console;
using TicketLab.Data;
using TicketLab.Runs;

namespace TicketLab.Cli;

/// <summary>`ticketlab transfer`: train a ticket from one run on another dataset of the same task.</summary>
internal static class TransferCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var from = new Option<string>("--from") { Description = "the source run folder (runs/<name>)", Required = true };
        var level = new Option<int>("--level") { Description = "which level's ticket to transfer", Required = true };
        var command = new Command("transfer", "Train the ticket (mask + rewind weights) of a finished run on another dataset, beside a random mask and the dense model.");
        common.AddTo(command);
        command.Options.Add(from);
        command.Options.Add(level);
        command.SetAction(r =>
        {
            // the model (word vectors too) is the source run's, and a transfer is one seed: refuse what would be ignored
            foreach (var (option, why) in new (Option, string)[]
                     {
                         (common.Model, "the model is the source run's"), (common.Vectors, "the word vectors are the source run's"),
                         (common.FreezeVectors, "the embedding is trained as the source run's was"), (common.Seeds, "a transfer runs one --seed; run it once per seed"),
                     })
                if (r.GetResult(option) is { Implicit: false })
                    throw new ArgumentException($"{option.Name} cannot be used with transfer: {why}");
            var target = common.Bind(r, new TicketLab.Lottery.PruningHparams());
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
