using System.CommandLine;
using Spectre.Console;
using TicketLab.Data;
using TicketLab.Inference;

namespace TicketLab.Cli;

/// <summary>`ticketlab predict`: classify texts with a run's trained network (label and class probabilities per text).</summary>
internal static class PredictCommand
{
    private const int ProgressFrom = 2_000;   // texts; fewer finish before a bar would be worth drawing

    public static Command Create()
    {
        var pick = new RunLevelOptions("the pruning level (default: the last finished level of the method)");
        var text = new Option<string[]>("--text") { Description = "a text to classify (repeatable)" };
        var input = new Option<string?>("--input") { Description = "a .csv/.tsv (with a header) or .jsonl file of texts" };
        var column = new Option<string?>("--text-column") { Description = "the column (name or 1-based index; comma list to join) or JSON key holding the text [default: text]" };
        var output = new Option<string?>("--output") { Description = "write the predictions to this .csv or .jsonl file (default: CSV on standard output)" };
        var skip = new Option<bool>("--skip-bad-rows") { Description = "skip and count malformed rows of --input instead of failing" };
        var inference = new Option<string>("--inference")
        {
            Description = "dense, sparse (LSTM, BERT: every projection through the CSR kernel), compact (structured runs: the pruned structures sliced away) or auto (compact for a structured run's pruned level, else sparse where a projection is sparse enough to gain)",
            DefaultValueFactory = _ => "auto",
        };
        var threads = new Option<int?>("--threads") { Description = $"libtorch intra-op threads, 1 to {Environment.ProcessorCount} (default: all cores)" };
        var command = new Command("predict", "Classify texts with a run's ticket (or any level and method): label and class probabilities per text.");
        pick.AddTo(command);
        foreach (var o in new Option[] { text, input, column, output, skip, inference, threads }) command.Options.Add(o);
        command.SetAction(r =>
        {
            var texts = r.GetValue(text) ?? [];
            var file = r.GetValue(input);
            if ((texts.Length > 0) == (file is not null)) throw new ArgumentException("give the texts with --text \"…\" (repeatable) or --input FILE, one of the two");
            if (file is null && r.GetValue(column) is not null) throw new ArgumentException("--text-column needs --input");
            if (r.GetValue(output) is { } o) PredictionOutput.FormatOf(o);
            var inferencePath = InferencePaths.Parse(r.GetValue(inference)!);
            if (Hparams.ThreadCount.Validate(r.GetValue(threads)) is { } n) TorchSharp.torch.set_num_threads(n);

            var bad = new BadRows(r.GetValue(skip));
            IReadOnlyList<PredictionRow> rows = file is null
                ? [.. texts.Select((t, i) => new PredictionRow(t, $"text {i + 1}"))]
                : PredictionInput.Read(file, r.GetValue(column), bad);
            using var model = pick.Load(r);
            using var pass = ForwardPassChoice.For(model, inferencePath);
            Console.Error.WriteLine(pass.Description);
            var predictions = Run(rows, Predictor.For(model, pass.Pass));
            if (r.GetValue(output) is { } path)
            {
                PredictionOutput.Write(path, rows, predictions, model.Classes);
                Console.Error.WriteLine($"{rows.Count} predictions by {model.RunName} level {model.Level} {model.Method} written to {path}");
            }
            else Console.Write(PredictionOutput.Csv(rows, predictions, model.Classes));
            if (bad.Count > 0) Console.Error.WriteLine($"skipped {bad.Count} bad rows; first: {bad.Notes[0]}");
            return 0;
        });
        return command;
    }

    // a live bar on a terminal for large inputs; nothing otherwise (the output may be a pipe)
    private static IReadOnlyList<Prediction> Run(IReadOnlyList<PredictionRow> rows, Predictor predictor)
    {
        var texts = rows.Select(r => r.Text).ToList();
        if (rows.Count < ProgressFrom || Console.IsErrorRedirected || !AnsiConsole.Profile.Capabilities.Interactive) return predictor.Predict(texts);
        IReadOnlyList<Prediction> result = [];
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("predicting", maxValue: rows.Count);
                result = predictor.Predict(texts, new Progress<int>(done => task.Value = done));
            });
        return result;
    }
}
