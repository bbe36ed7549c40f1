using TorchSharp;
using static TorchSharp.torch;

namespace TicketLab.Inference;

/// <summary>The memory of a contiguous float32 CPU tensor, for kernels that read and write it in place.</summary>
internal static class RawTensor
{
    public static void Check(Tensor t)
    {
        if (t.dtype != float32 || t.device_type != DeviceType.CPU || !t.is_contiguous())
            throw new ArgumentException($"expected a contiguous float32 CPU tensor (got {t.dtype} on {t.device_type}, contiguous: {t.is_contiguous()})");
    }

    public static unsafe float* Pointer(Tensor t) => (float*)t.storage<float>().data_ptr() + t.storage_offset();
}
