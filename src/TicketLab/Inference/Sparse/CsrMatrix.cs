using System.Numerics;
using System.Runtime.CompilerServices;
using static TorchSharp.torch;

namespace TicketLab.Inference;

/// <summary>A weight matrix in compressed sparse rows, and the product Y = W·X with a dense, row-major X of many columns.</summary>
/// <remarks>
/// X and Y are feature-major ([features, n]: one row per input or output feature, n = batch × time), so each stored weight
/// scales a contiguous row of X into a contiguous row of Y with SIMD (<see cref="Vector{T}"/>). Columns are taken in blocks
/// of <see cref="Block"/> so the piece of Y a row adds into stays in L1 and the rows of X a block reads stay in cache for the
/// next output rows; output rows are split between threads (libtorch's thread count, so both paths use the same cores).
/// </remarks>
public sealed class CsrMatrix
{
    /// <summary>Columns of X and Y processed together (1 KiB of each row).</summary>
    private const int Block = 256;

    private readonly int[] rowStart;
    private readonly int[] columns;
    private readonly float[] values;

    private CsrMatrix(int rows, int cols, int[] rowStart, int[] columns, float[] values)
    {
        Rows = rows;
        Columns = cols;
        this.rowStart = rowStart;
        this.columns = columns;
        this.values = values;
    }

    public int Rows { get; }

    public int Columns { get; }

    /// <summary>Stored (non-zero) weights.</summary>
    public int NonZeros => values.Length;

    /// <summary>Stored ÷ all weights.</summary>
    public double Density => (double)NonZeros / ((long)Rows * Columns);

    /// <summary>The non-zero entries of a 2-D float tensor [rows, columns].</summary>
    public static CsrMatrix FromDense(Tensor weight)
    {
        if (weight.dim() != 2) throw new ArgumentException($"a CSR matrix needs a 2-D tensor (got {weight.dim()}-D)", nameof(weight));
        int rows = (int)weight.shape[0], cols = (int)weight.shape[1];
        var dense = weight.detach().to(float32).contiguous().data<float>().ToArray();
        var start = new int[rows + 1];
        var index = new List<int>();
        var value = new List<float>();
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
                if (dense[(long)r * cols + c] is var w && w != 0) { index.Add(c); value.Add(w); }
            start[r + 1] = index.Count;
        }
        return new CsrMatrix(rows, cols, start, [.. index], [.. value]);
    }

    /// <summary>Y [rows, n] = W · X [columns, n]; both contiguous float32 CPU tensors; Y is overwritten.</summary>
    public void Multiply(Tensor x, Tensor y)
    {
        long n = x.shape[1];
        if (x.shape[0] != Columns || y.shape[0] != Rows || y.shape[1] != n)
            throw new ArgumentException($"W [{Rows}, {Columns}] · X [{x.shape[0]}, {n}] → Y [{y.shape[0]}, {y.shape[1]}]: shapes do not match");
        RawTensor.Check(x);
        RawTensor.Check(y);
        unsafe
        {
            float* px = RawTensor.Pointer(x), py = RawTensor.Pointer(y);
            int threads = Math.Max(1, get_num_threads());
            int chunk = Math.Max(1, (Rows + 4 * threads - 1) / (4 * threads));
            int chunks = (Rows + chunk - 1) / chunk;
            if (threads == 1 || chunks == 1) Rows_(0, Rows, px, py, n);
            else
            {
                nint ax = (nint)px, ay = (nint)py;
                Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads },
                    c => Rows_(c * chunk, Math.Min(Rows, (c + 1) * chunk), (float*)ax, (float*)ay, n));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void Rows_(int from, int to, float* x, float* y, long n)
    {
        int width = Vector<float>.Count;
        for (long b0 = 0; b0 < n; b0 += Block)
        {
            long b1 = Math.Min(n, b0 + Block);
            for (int r = from; r < to; r++)
            {
                float* yr = y + r * n;
                new Span<float>(yr + b0, (int)(b1 - b0)).Clear();
                for (int p = rowStart[r]; p < rowStart[r + 1]; p++)
                {
                    float w = values[p];
                    var wv = new Vector<float>(w);
                    float* xr = x + columns[p] * n;
                    long b = b0;
                    for (; b + width <= b1; b += width)
                    {
                        var acc = Unsafe.ReadUnaligned<Vector<float>>(yr + b) + wv * Unsafe.ReadUnaligned<Vector<float>>(xr + b);
                        Unsafe.WriteUnaligned(yr + b, acc);
                    }
                    for (; b < b1; b++) yr[b] += w * xr[b];
                }
            }
        }
    }
}
