using TicketLab.Bench;

// usage: dotnet run -c Release --project bench/TicketLab.Bench -- [--tiny] [--data-dir DIR] [--threads N]
var tiny = args.Contains("--tiny");
string Arg(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
var dataDir = Arg("--data-dir", Environment.GetEnvironmentVariable("TICKETLAB_DATA") ?? "../shared/datasets");
int? threads = int.TryParse(Arg("--threads", ""), out var t) ? t : null;
var options = (tiny ? BenchOptions.Tiny(dataDir) : new BenchOptions(dataDir)) with { Threads = threads };
var report = Harness.Run(options, Console.WriteLine);
Console.WriteLine(Harness.Describe(report));
