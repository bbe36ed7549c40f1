using System.Globalization;
using TicketLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace TicketLab.Training;

/// <summary>Where a run's tensors live: the --device setting, "cpu", "cuda" or "cuda:N".</summary>
/// <remarks>CUDA is plumbed (model, batches, masks, saved weights) but untested: the CUDA build of libtorch is not served where
/// TicketLab is developed, and without it asking for CUDA is a settings error, never a crash mid-run.</remarks>
public static class ComputeDevice
{
    public const string Cpu = "cpu";

    /// <summary>Why <paramref name="text"/> names no device (as the text after the setting's name), or null.</summary>
    public static string? FormProblem(string text) => TryIndex(text, out _) ? null : $"must be cpu, cuda or cuda:N (got '{text}')";

    /// <summary>Why this process cannot use the device (no CUDA, or no such GPU), or null.</summary>
    public static string? AvailabilityProblem(string text)
    {
        if (!TryIndex(text, out var index) || index is null) return null;
        if (!cuda.is_available())
            return $"CUDA is not available here (TicketLab is built on TorchSharp-cpu; CUDA needs TorchSharp's CUDA build and a GPU, and is untested); use --device cpu";
        int count = cuda.device_count();
        return index < count ? null : $"this machine has {count} CUDA device(s), numbered from 0";
    }

    /// <summary>The device a valid setting names.</summary>
    public static Device Of(string text) =>
        TryIndex(text, out var index) ? index is { } i ? new Device(DeviceType.CUDA, i) : CPU : throw new ArgumentException(FormProblem(text));

    /// <summary>Where batches are made: null on the CPU, so they keep the plain path (TorchSharp's tensor() given a device
    /// copies through <c>to</c>; a Release study run crashed on that path, cause not yet isolated), else the device.</summary>
    public static Device? Batches(string text) => TryIndex(text, out var index) && index is null ? null : Of(text);

    /// <summary>The device the model's parameters live on.</summary>
    public static Device Of(TextClassifier model) => model.parameters().FirstOrDefault()?.device ?? CPU;

    /// <summary>Moves the model to the device unless it is there (a no-op on the CPU every model is created on).</summary>
    public static void Place(TextClassifier model, Device device)
    {
        if (device.type != Of(model).type || device.index != Of(model).index) model.to(device);
    }

    // cpu → index null; cuda → 0; cuda:N → N
    private static bool TryIndex(string text, out int? index)
    {
        index = null;
        var t = text.Trim().ToLowerInvariant();
        if (t == Cpu) return true;
        if (t == "cuda") { index = 0; return true; }
        if (t.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(t[5..], NumberStyles.None, CultureInfo.InvariantCulture, out var i)) { index = i; return true; }
        return false;
    }
}
