using System.Diagnostics;

namespace TicketLab.Tests.Cli;

/// <summary>Runs the real `ticketlab` entry point as a child process, as a user would.</summary>
internal static class CliProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "TicketLab.Cli.dll");

    public static ProcessStartInfo StartInfo(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["TICKETLAB_OFFLINE"] = "1";
        psi.Environment["TICKETLAB_CACHE"] = Path.Combine(Path.GetTempPath(), "ticketlab-test-cache");
        return psi;
    }

    public static Result Run(params string[] args)
    {
        using var p = Process.Start(StartInfo(args))!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(5))) { p.Kill(entireProcessTree: true); throw new TimeoutException($"ticketlab {string.Join(' ', args)} did not finish"); }
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }
}
