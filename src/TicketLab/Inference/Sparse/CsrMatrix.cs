using System.Numerics;
using System.Runtime.CompilerServices;
using static TorchSharp.torch;

namespace TicketLab.Inference;

/// <summary>A weight matrix in compressed sparse rows, and the product Y = W·X with a dense, row-major X of many columns.</summary>
/// <remarks>
/// X and Y are feature-major ([features, n]: one row per input or output feature, n = batch × time), so each stored weight
/// scales a contiguous piece of a row of X into a piece of a row of Y with SIMD (<see cref="Vector{T}"/>), summed in registers
/// (<see cref="Tile"/> vectors wide) before Y is written; output rows are split between threads (libtorch's thread count, so both paths use the same cores).
/// </remarks>
public sealed class CsrMatrix
{
    /// <summary>Vectors of each output row summed in registers at once.</summary>
    private const int Tile = 4;

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

    /// <summary>Y [rows, n] = W · X [columns, n]; float32 CPU tensors with contiguous rows (e.g. a range of columns of a bigger
    /// one); Y is overwritten.</summary>
    public void Multiply(Tensor x, Tensor y)
    {
        long n = x.shape[1];
        if (x.shape[0] != Columns || y.shape[0] != Rows || y.shape[1] != n)
            throw new ArgumentException($"W [{Rows}, {Columns}] · X [{x.shape[0]}, {n}] → Y [{y.shape[0]}, {y.shape[1]}]: shapes do not match");
        long xs = RawTensor.RowStride(x), ys = RawTensor.RowStride(y);
        unsafe
        {
            float* px = RawTensor.Pointer(x), py = RawTensor.Pointer(y);
            int threads = Math.Max(1, get_num_threads());
            int chunk = Math.Max(1, (Rows + 4 * threads - 1) / (4 * threads));
            int chunks = (Rows + chunk - 1) / chunk;
            if (threads == 1 || chunks == 1) Rows_(0, Rows, px, xs, py, ys, n);
            else
            {
                nint ax = (nint)px, ay = (nint)py;
                Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads },
                    c => Rows_(c * chunk, Math.Min(Rows, (c + 1) * chunk), (float*)ax, xs, (float*)ay, ys, n));
            }
        }
    }

    // Register tiles: each output row's piece of Tile vectors is summed in registers over all its stored weights and written once, so a
    // weight costs Tile loads of X and Tile FMAs (no load and store of Y per weight); the X rows of one tile column stay in L1/L2 while
    // every output row reads them.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void Rows_(int from, int to, float* x, long xs, float* y, long ys, long n)
    {
        int width = Vector<float>.Count;
        long b = 0;
        for (; b + Tile * width <= n; b += Tile * width)
            for (int r = from; r < to; r++)
            {
                Vector<float> a0 = default, a1 = default, a2 = default, a3 = default;
                for (int p = rowStart[r]; p < rowStart[r + 1]; p++)
                {
                    var w = new Vector<float>(values[p]);
                    float* xr = x + columns[p] * xs + b;
                    a0 = Vector.FusedMultiplyAdd(w, Load(xr), a0);
                    a1 = Vector.FusedMultiplyAdd(w, Load(xr + width), a1);
                    a2 = Vector.FusedMultiplyAdd(w, Load(xr + 2 * width), a2);
                    a3 = Vector.FusedMultiplyAdd(w, Load(xr + 3 * width), a3);
                }
                float* yr = y + r * ys + b;
                Store(yr, a0);
                Store(yr + width, a1);
                Store(yr + 2 * width, a2);
                Store(yr + 3 * width, a3);
            }
        for (; b + width <= n; b += width)
            for (int r = from; r < to; r++)
            {
                Vector<float> a = default;
                for (int p = rowStart[r]; p < rowStart[r + 1]; p++)
                    a = Vector.FusedMultiplyAdd(new Vector<float>(values[p]), Load(x + columns[p] * xs + b), a);
                Store(y + r * ys + b, a);
            }
        for (; b < n; b++)
            for (int r = from; r < to; r++)
            {
                float a = 0;
                for (int p = rowStart[r]; p < rowStart[r + 1]; p++) a += values[p] * x[columns[p] * xs + b];
                y[r * ys + b] = a;
            }
    }

    private static unsafe Vector<float> Load(float* at) => Unsafe.ReadUnaligned<Vector<float>>(at);

    private static unsafe void Store(float* at, Vector<float> v) => Unsafe.WriteUnaligned(at, v);
}
