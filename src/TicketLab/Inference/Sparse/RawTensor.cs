using TorchSharp;
using static TorchSharp.torch;

namespace TicketLab.Inference;

/// <summary>The memory of a float32 CPU tensor with contiguous rows, for kernels that read and write it in place.</summary>
internal static class RawTensor
{
    /// <summary>Checks a 2-D float32 CPU tensor whose rows are contiguous (a contiguous tensor or a column range of one) and gives its row stride.</summary>
    public static long RowStride(Tensor t)
    {
        if (t.dtype != float32 || t.device_type != DeviceType.CPU || t.dim() != 2 || (t.stride(1) != 1 && t.shape[1] > 1))
            throw new ArgumentException($"expected a 2-D float32 CPU tensor with contiguous rows (got {t.dtype} on {t.device_type}, strides [{string.Join(", ", t.stride())}])");
        return t.stride(0);
    }

    public static unsafe float* Pointer(Tensor t) => (float*)t.storage<float>().data_ptr() + t.storage_offset();
}
