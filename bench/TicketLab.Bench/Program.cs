using TicketLab.Bench;

// usage: dotnet run -c Release --project bench/TicketLab.Bench -- [--tiny] [--data-dir DIR] [--threads N] [--train-examples N] [--repeats N] [--no-tokenization] [--eval-profile] [--sparse-inference]
var tiny = args.Contains("--tiny");
string Arg(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
var dataDir = Arg("--data-dir", Environment.GetEnvironmentVariable("TICKETLAB_DATA") ?? "../shared/datasets");
int? threads = int.TryParse(Arg("--threads", ""), out var t) ? t : null;
var options = (tiny ? BenchOptions.Tiny(dataDir) : new BenchOptions(dataDir)) with { Threads = threads };
if (int.TryParse(Arg("--train-examples", ""), out var n)) options = options with { TrainExamples = n };
if (int.TryParse(Arg("--repeats", ""), out var r)) options = options with { Repeats = r };
if (args.Contains("--no-tokenization")) options = options with { Tokenization = false };
if (args.Contains("--eval-profile")) { EvalProfile.Run(options, Console.WriteLine); return; }
if (args.Contains("--sparse-inference")) { Console.WriteLine(Harness.Describe(SparseBench.Run(options, Console.WriteLine))); return; }
var report = Harness.Run(options, Console.WriteLine);
Console.WriteLine(Harness.Describe(report));
