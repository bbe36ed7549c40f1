// Compiled by MSBuild's RoslynCodeTaskFactory (see GlibcxxCompat.targets); keep it self-contained.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>Renames libstdc++ version requirements the system lacks, when no used symbol depends on them.</summary>
public class TicketLabPatchGlibcxxRequirement : Task
{
    // Symbols known to be bound to a too-new version without any relocation using them.
    static readonly HashSet<string> Harmless = new HashSet<string> { "_ZSt21ios_base_library_initv" };

    [Required]
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>Empty: patch against this machine's libstdc++. Else the newest version every target system has (e.g. GLIBCXX_3.4.30):
    /// output meant for other machines (publish, tool packages) is patched against that, whatever this machine has.</summary>
    public string Baseline { get; set; } = "";

    public override bool Execute()
    {
        Func<string, bool> has;
        string against;
        if (Baseline.Length > 0)
        {
            string basePrefix = Baseline.Substring(0, Baseline.LastIndexOf('.') + 1);
            int baseTail = VersionTail(Baseline);
            has = v => !v.StartsWith(basePrefix, StringComparison.Ordinal) || VersionTail(v) <= baseTail;
            against = "the " + Baseline + " baseline";
        }
        else
        {
            var system = FindSystemLibstdcxx();
            if (system == null)
            {
                Log.LogMessage(MessageImportance.Low, "TicketLab: no system libstdc++.so.6 found; TorchSharp left as shipped.");
                return true;
            }
            var systemBytes = File.ReadAllBytes(system);
            has = v => HasVersion(systemBytes, v);
            against = system;
        }
        foreach (var item in Files)
        {
            try { PatchOne(item.ItemSpec, has, against); }
            catch (Exception e) { Log.LogWarning("TicketLab: could not check {0}: {1}", item.ItemSpec, e.Message); }
        }
        return !Log.HasLoggedErrors;
    }

    void PatchOne(string path, Func<string, bool> has, string systemPath)
    {
        var elf = File.ReadAllBytes(path);
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[4] != 2 || elf[5] != 1) return; // ELF64 LE only
        long shoff = (long)U64(elf, 0x28);
        int shentsize = U16(elf, 0x3A), shnum = U16(elf, 0x3C);
        int verneed = -1, versym = -1, dynsym = -1;
        for (int i = 0; i < shnum; i++)
        {
            uint type = U32(elf, shoff + (long)i * shentsize + 4);
            if (type == 0x6ffffffe) verneed = i;
            else if (type == 0x6fffffff) versym = i;
            else if (type == 11) dynsym = i;
        }
        if (verneed < 0 || versym < 0 || dynsym < 0) return;
        long Sec(int i, int field) => shoff + (long)i * shentsize + field;
        long strtab = (long)U64(elf, Sec((int)U32(elf, Sec(verneed, 40)), 24));
        string Str(uint off) { int s = (int)(strtab + off), e = s; while (elf[e] != 0) e++; return Encoding.ASCII.GetString(elf, s, e - s); }

        long vn = (long)U64(elf, Sec(verneed, 24));
        int entries = (int)U32(elf, Sec(verneed, 44));
        bool changed = false;
        for (int n = 0; n < entries; n++)
        {
            if (Str(U32(elf, vn + 4)) == "libstdc++.so.6")
            {
                var aux = new List<long>();
                for (long a = vn + U32(elf, vn + 8), k = 0; k < U16(elf, vn + 2); k++, a += U32(elf, a + 12)) aux.Add(a);
                var present = aux.Where(a => has(Str(U32(elf, a + 8)))).ToList();
                foreach (var a in aux.Except(present))
                {
                    string missing = Str(U32(elf, a + 8));
                    var users = SymbolsWithVersion(elf, shoff, shentsize, dynsym, versym, U16(elf, a + 6));
                    var blocking = users.Where(u => !Harmless.Contains(u)).ToList();
                    if (blocking.Count > 0)
                    {
                        Log.LogWarning("TicketLab: {0} needs {1} for {2}; {3} lacks it and this cannot be patched safely.",
                            path, missing, string.Join(", ", blocking), systemPath);
                        continue;
                    }
                    string prefix = missing.Substring(0, missing.LastIndexOf('.') + 1);
                    long donor = present.Where(p => Str(U32(elf, p + 8)).StartsWith(prefix, StringComparison.Ordinal))
                        .OrderByDescending(p => VersionTail(Str(U32(elf, p + 8)))).FirstOrDefault();
                    if (donor == 0)
                    {
                        Log.LogWarning("TicketLab: {0} needs {1}, which {2} lacks, and no older {3}* requirement exists to rename it to.", path, missing, systemPath, prefix);
                        continue;
                    }
                    string replacement = Str(U32(elf, donor + 8));
                    W32(elf, a + 8, U32(elf, donor + 8));
                    W32(elf, a, ElfHash(replacement));
                    Log.LogMessage(MessageImportance.High, "TicketLab: {0}: requirement {1} renamed to {2} ({3} lacks it).", Path.GetFileName(path), missing, replacement, systemPath);
                    changed = true;
                }
            }
            uint next = U32(elf, vn + 12);
            if (next == 0) break;
            vn += next;
        }
        if (!changed) return;
        var stamp = File.GetLastWriteTimeUtc(path);
        var tmp = path + ".ticketlab-tmp";
        File.WriteAllBytes(tmp, elf);
        File.Delete(path);
        File.Move(tmp, path);
        // Same size and time as the package's copy, so incremental builds do not copy the unpatched file back.
        File.SetLastWriteTimeUtc(path, stamp);
    }

    static List<string> SymbolsWithVersion(byte[] elf, long shoff, int shentsize, int dynsym, int versym, int index)
    {
        long symOff = (long)U64(elf, shoff + (long)dynsym * shentsize + 24);
        long symSize = (long)U64(elf, shoff + (long)dynsym * shentsize + 32);
        long strOff = (long)U64(elf, shoff + (long)U32(elf, shoff + (long)dynsym * shentsize + 40) * shentsize + 24);
        long verOff = (long)U64(elf, shoff + (long)versym * shentsize + 24);
        var names = new List<string>();
        for (long i = 0; i < symSize / 24; i++)
        {
            if ((U16(elf, verOff + i * 2) & 0x7fff) != index) continue;
            int s = (int)(strOff + U32(elf, symOff + i * 24)), e = s;
            while (elf[e] != 0) e++;
            names.Add(Encoding.ASCII.GetString(elf, s, e - s));
        }
        return names;
    }

    static bool HasVersion(byte[] lib, string name)
    {
        var needle = Encoding.ASCII.GetBytes("\0" + name + "\0");
        for (int i = 0; i + needle.Length <= lib.Length; i++)
        {
            int k = 0;
            while (k < needle.Length && lib[i + k] == needle[k]) k++;
            if (k == needle.Length) return true;
        }
        return false;
    }

    static int VersionTail(string name) => int.TryParse(name.Substring(name.LastIndexOf('.') + 1), out var v) ? v : -1;

    static string FindSystemLibstdcxx()
    {
        try
        {
            var psi = new ProcessStartInfo("ldconfig", "-p") { RedirectStandardOutput = true, UseShellExecute = false };
            if (File.Exists("/sbin/ldconfig")) psi.FileName = "/sbin/ldconfig";
            using var p = Process.Start(psi)!;
            string output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            foreach (var line in output.Split('\n'))
                if (line.TrimStart().StartsWith("libstdc++.so.6 ", StringComparison.Ordinal) && line.Contains("x86-64"))
                {
                    var candidate = line.Substring(line.IndexOf("=>", StringComparison.Ordinal) + 2).Trim();
                    if (File.Exists(candidate)) return candidate;
                }
        }
        catch (Exception) { /* fall back to the usual places */ }
        foreach (var candidate in new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6" })
            if (File.Exists(candidate)) return candidate;
        return null;
    }

    static uint ElfHash(string name)
    {
        uint h = 0;
        foreach (char c in name)
        {
            h = (h << 4) + c;
            uint g = h & 0xf0000000;
            if (g != 0) h ^= g >> 24;
            h &= ~g;
        }
        return h;
    }

    static ushort U16(byte[] b, long o) => BitConverter.ToUInt16(b, (int)o);
    static uint U32(byte[] b, long o) => BitConverter.ToUInt32(b, (int)o);
    static ulong U64(byte[] b, long o) => BitConverter.ToUInt64(b, (int)o);
    static void W32(byte[] b, long o, uint v) => BitConverter.GetBytes(v).CopyTo(b, (int)o);
}
