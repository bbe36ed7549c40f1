using System.Diagnostics;
using TicketLab.Tests.Cli;
using TicketLab.Tests.Data;

namespace TicketLab.Tests.Faults;

/// <summary>Runs the CLI in a private mount namespace (unshare -m) where a folder is remounted read-only or replaced by a tiny tmpfs,
/// so read-only and disk-full faults are real even for root (which chmod does not stop).</summary>
internal static class MountedCli
{
    /// <summary>Whether this machine lets us create mount namespaces (root in a sandbox that allows it).</summary>
    public static readonly Lazy<bool> Available = new(() =>
    {
        using var temp = new TempDir(); // mounted only inside the namespace, which ends with the shell
        var dir = temp.Path;
        return Shell($"mount --bind '{dir}' '{dir}' && mount -o remount,ro,bind '{dir}' && ! touch '{dir}/x' 2>/dev/null").ExitCode == 0;
    });

    /// <summary>The CLI with <paramref name="dir"/> read-only (its files stay readable).</summary>
    public static CliProcess.Result ReadOnly(string dir, params string[] args) =>
        Shell($"mount --bind '{dir}' '{dir}' && mount -o remount,ro,bind '{dir}' && exec {Cli(args)}");

    /// <summary>The CLI with <paramref name="dir"/> replaced by an empty tmpfs of <paramref name="kib"/> KiB, after <paramref name="setup"/> fills it.</summary>
    public static CliProcess.Result Full(string dir, int kib, string setup, params string[] args) =>
        Shell($"mount -t tmpfs -o size={kib}k tmpfs '{dir}' && {setup} && exec {Cli(args)}");

    private static string Cli(string[] args) =>
        "dotnet " + string.Join(' ', new[] { CliProcess.Dll }.Concat(args).Select(a => $"'{a}'"));

    private static CliProcess.Result Shell(string script)
    {
        var psi = CliProcess.StartInfo();
        psi.FileName = "unshare";
        psi.ArgumentList.Clear();
        foreach (var a in new[] { "-m", "--propagation", "private", "sh", "-c", script }) psi.ArgumentList.Add(a);
        try
        {
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(TimeSpan.FromMinutes(2))) { p.Kill(entireProcessTree: true); throw new TimeoutException(script); }
            return new CliProcess.Result(p.ExitCode, stdout.Result, stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception) { return new CliProcess.Result(127, "", "no unshare"); }
    }
}
