using System.ComponentModel;
using System.Diagnostics;

namespace TicketLab.Cluster;

/// <summary>Submits a batch script with <c>sbatch --parsable</c>.</summary>
public static class Sbatch
{
    /// <summary>Submits <paramref name="script"/> and returns the job id Slurm gave it.</summary>
    /// <exception cref="UserException">sbatch is not on PATH, or it refused the script (its own message follows).</exception>
    public static string Submit(string script, string sbatch = "sbatch")
    {
        var psi = new ProcessStartInfo(sbatch) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("--parsable");
        psi.ArgumentList.Add(script);
        Process p;
        try
        {
            p = Process.Start(psi) ?? throw new Win32Exception();
        }
        catch (Win32Exception)
        {
            throw new UserException($"{sbatch} was not found: submit from a Slurm login node, or run `sbatch {script}` where Slurm is installed");
        }
        using (p)
        {
            var stderr = p.StandardError.ReadToEndAsync();
            var stdout = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            var why = stderr.Result.Trim();
            if (p.ExitCode != 0)
                throw new UserException($"sbatch refused {script}: {(why.Length > 0 ? why.ReplaceLineEndings(" ") : $"exit code {p.ExitCode}")}");
            // --parsable prints "jobid" or "jobid;cluster"
            var id = stdout.Trim().Split(';')[0];
            return id.Length > 0 && id.All(char.IsAsciiDigit) ? id : throw new UserException($"sbatch printed no job id for {script} (got '{stdout.Trim()}')");
        }
    }
}
