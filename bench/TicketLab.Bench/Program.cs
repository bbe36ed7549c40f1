using TicketLab.Bench;

// usage: dotnet run -c Release --project bench/TicketLab.Bench -- [--tiny] [--data-dir DIR] [--threads N] [--train-examples N] [--repeats N] [--no-tokenization] [--eval-profile] [--study FILE] [--sparse-inference [--model bert]] [--bert]
//        ... -- --patience-replay RUNS_DIR [--patience 1,2]   (what early stopping would save in runs recorded without it)
//        ... -- --cluster [--data-dir DIR] [--store postgresql://...] [--train-examples N]   (issue 14: claim latency, 1 vs 2 workers)
var tiny = args.Contains("--tiny");
string Arg(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
var dataDir = Arg("--data-dir", Environment.GetEnvironmentVariable("TICKETLAB_DATA") ?? "../shared/datasets");
int? threads = int.TryParse(Arg("--threads", ""), out var t) ? t : null;
var options = (tiny ? BenchOptions.Tiny(dataDir) : new BenchOptions(dataDir)) with { Threads = threads };
if (int.TryParse(Arg("--train-examples", ""), out var n)) options = options with { TrainExamples = n };
if (int.TryParse(Arg("--repeats", ""), out var r)) options = options with { Repeats = r };
if (args.Contains("--no-tokenization")) options = options with { Tokenization = false };
// P5, MiniLM with heads and feed-forward neurons removed and compacted: -- --structured-bert [--data-dir DIR] [--threads N] [--repeats N]
if (args.Contains("--structured-bert")) { Console.WriteLine(Harness.Describe(StructuredBertBench.Run(options, Console.WriteLine))); return; }
if (args.Contains("--eval-profile")) { EvalProfile.Run(options, Console.WriteLine); return; }
if (args.Contains("--cluster"))
{
    ClusterBench.Run(dataDir, Arg("--store", "") is { Length: > 0 } url ? url : null, int.TryParse(Arg("--train-examples", ""), out var m) ? m : 1000, Console.WriteLine);
    return;
}
if (Arg("--study", "") is { Length: > 0 } study)
{
    // P9 at reduced size: --train-examples (default here 256) examples per run
    var p9 = StudyBench.Run(study, int.TryParse(Arg("--train-examples", ""), out _) ? options : options with { TrainExamples = 256 }, Console.WriteLine);
    Console.WriteLine(p9.ToMarkdown());
    return;
}
if (Arg("--patience-replay", "") is { Length: > 0 } replayDir)
{
    Console.WriteLine(PatienceReplay.Run(replayDir, Arg("--patience", "1,2").Split(',').Select(int.Parse).ToList()));
    return;
}
if (args.Contains("--bert"))
{
    // P8: MiniLM at --train-examples reviews (default here 256)
    var p8 = BertBench.Run(int.TryParse(Arg("--train-examples", ""), out _) ? options : options with { TrainExamples = 256 }, Console.WriteLine);
    Console.WriteLine(Harness.Describe(p8));
    return;
}
if (args.Contains("--sparse-inference"))
{
    var p5 = Arg("--model", "lstm") == "bert" ? SparseBench.RunBert(options, Console.WriteLine) : SparseBench.Run(options, Console.WriteLine);
    Console.WriteLine(Harness.Describe(p5));
    return;
}
var report = Harness.Run(options, Console.WriteLine);
Console.WriteLine(Harness.Describe(report));
