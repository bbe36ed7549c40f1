using static TorchSharp.torch;

namespace TicketLab.Tests.Infrastructure;

public class TorchSharpLoadTests
{
    [Fact]
    public void NativeBackendLoadsAndComputes()
    {
        using var a = arange(6, dtype: ScalarType.Float32).reshape(2, 3);
        using var b = ones(3, 2);
        using var product = a.matmul(b);
        // rows of a sum to 0+1+2 and 3+4+5
        Assert.Equal(new float[] { 3, 3, 12, 12 }, product.data<float>().ToArray());
    }

    [SkippableFact]
    public void OutputCopyOfLibTorchSharpNeedsOnlyVersionsTheSystemHas()
    {
        var lib = Directory.GetFiles(AppContext.BaseDirectory, "libLibTorchSharp.so", SearchOption.AllDirectories).FirstOrDefault();
        Assert.NotNull(lib);
        var system = new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6" }.FirstOrDefault(File.Exists);
        Skip.If(system is null, "no system libstdc++.so.6 found in the usual places: the GLIBCXX patch cannot be checked here");
        Skip.If(ContainsVersion(File.ReadAllBytes(system!), "GLIBCXX_3.4.32"),
            $"{system} has GLIBCXX_3.4.32, so the build does not patch libLibTorchSharp.so here (the test matters on Debian 12 / Ubuntu 22.04)");
        // The version string may stay in .dynstr; what matters is that the loader accepts the file, which dlopen proves.
        Assert.True(System.Runtime.InteropServices.NativeLibrary.TryLoad(lib!, out var handle), $"{lib} does not load");
        System.Runtime.InteropServices.NativeLibrary.Free(handle);
    }

    private static bool ContainsVersion(byte[] bytes, string version) =>
        bytes.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes("\0" + version + "\0")) >= 0;
}
