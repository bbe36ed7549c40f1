using System.Diagnostics;
using TicketLab.Models;
using static TorchSharp.torch;

namespace TicketLab.Inference;

/// <summary>Inference for a trained (bi)LSTM classifier whose input, recurrent and output projections go through <see cref="Projection"/>:
/// CSR where a ticket made them sparse enough, dense elsewhere. Logits equal <see cref="Lstm"/>'s in eval mode.</summary>
/// <remarks>Activations are kept feature-major ([features, time · batch], time-major columns) from the embedding lookup to the output
/// layer, so each projection is one W · X and no layer transposes; padding is handled as
/// <see cref="PaddedLstmLayer"/> does (the backward direction reads each sequence reversed within its length; final states are
/// taken at each length), here by column gathers.</remarks>
public sealed class SparseLstm : ISparseForwardPass
{
    /// <summary>Columns (steps × batch) of input products made at once: 2 MiB of gates at hidden 256, within L2 + L3.</summary>
    private const long ChunkColumns = 512;

    private readonly Tensor embedding;
    private readonly List<Direction[]> layers = [];
    private readonly Projection output;
    private readonly Tensor outputBias;

    private sealed record Direction(Projection Input, Projection Recurrent, Tensor Bias, int Hidden) : IDisposable
    {
        public void Dispose()
        {
            Input.Dispose();
            Recurrent.Dispose();
            Bias.Dispose();
        }
    }

    /// <param name="model">the LSTM, with its mask applied (pruned weights are 0).</param>
    /// <param name="maxDensity">the density up to which a matrix goes through the CSR kernel (default <see cref="SparsePolicy.MaxDensity"/>; 0: all dense).</param>
    public SparseLstm(Lstm model, double maxDensity = SparsePolicy.MaxDensity)
    {
        var p = model.Parameters().ToDictionary(x => x.Name, x => x.Parameter.detach());
        embedding = p["embedding.weight"].t().contiguous();                                  // [emb, vocab]: a lookup gives feature-major columns
        for (int l = 0; p.ContainsKey($"layers.{l}.fwd.weight_ih_l0"); l++)
            layers.Add(new[] { "fwd", "bwd" }.Where(d => p.ContainsKey($"layers.{l}.{d}.weight_ih_l0")).Select(d =>
            {
                var prefix = $"layers.{l}.{d}.";
                return new Direction(new Projection(p[prefix + "weight_ih_l0"], maxDensity), new Projection(p[prefix + "weight_hh_l0"], maxDensity),
                    (p[prefix + "bias_ih_l0"] + p[prefix + "bias_hh_l0"]).unsqueeze(1), (int)p[prefix + "weight_hh_l0"].shape[1]);
            }).ToArray());
        output = new Projection(p["fc.weight"], maxDensity);
        outputBias = p["fc.bias"].clone().unsqueeze(1);
    }

    /// <summary>Every projection's (name, density, whether it runs sparse), for reports.</summary>
    public IEnumerable<(string Name, double Density, bool Sparse)> Projections() =>
        layers.SelectMany((ds, l) => ds.SelectMany((d, i) => new[]
        {
            ($"layers.{l}.{(i == 0 ? "fwd" : "bwd")}.weight_ih", d.Input.Density, d.Input.IsSparse),
            ($"layers.{l}.{(i == 0 ? "fwd" : "bwd")}.weight_hh", d.Recurrent.Density, d.Recurrent.IsSparse),
        })).Append(("fc.weight", output.Density, output.IsSparse));

    /// <summary>When set, the forward passes add their times to it.</summary>
    public SparseLstmProfile? Profile { get; set; }

    /// <summary>Logits [batch, classes] for padded ids [batch, length] and lengths [batch].</summary>
    public Tensor Logits(Tensor ids, Tensor lengths)
    {
        long start = Stopwatch.GetTimestamp();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        long batch = ids.shape[0], steps = ids.shape[1];
        var x = embedding.index_select(1, ids.t().flatten());                              // [emb, time · batch]
        var n = lengths.to(int64).unsqueeze(0);                                            // [1, batch]
        var t = arange(steps, dtype: int64).unsqueeze(1);                                   // [time, 1]
        var sequence = arange(batch, dtype: int64);
        // the column of the same sequence's mirrored step (the backward direction's order; padding stays); its own inverse
        var reverse = where(t < n, n - 1 - t, t).mul_(batch).add_(sequence).flatten();
        var last = n.squeeze(0).sub(1).mul_(batch).add_(sequence);                         // each sequence's last valid column
        Tensor final = null!;
        foreach (var directions in layers)
        {
            int h = directions[0].Hidden;
            var next = empty(directions.Length * h, steps * batch);                        // [directions · hidden, time · batch]
            var forward = next.narrow(0, 0, h);
            Run(directions[0], x, batch, forward);
            if (directions.Length == 1)
            {
                (x, final) = (next, forward.index_select(1, last));
                continue;
            }
            var backward = empty(h, steps * batch);
            Run(directions[1], x.index_select(1, reverse), batch, backward);
            next.narrow(0, h, h).copy_(backward.index_select(1, reverse));
            final = cat(new[] { forward.index_select(1, last), backward.index_select(1, last) }, 0);   // [directions · hidden, batch]
            x = next;
        }
        var logits = output.Apply(final).add_(outputBias).t();             // [classes, batch] → [batch, classes]
        var result = logits.contiguous().MoveToOuterDisposeScope();
        Profile?.AddTotal(start);
        return result;
    }

    // one direction over x [input, time · batch] into outputs [hidden, time · batch] (time-major columns). The input products are made
    // for a chunk of steps at a time (about ChunkColumns columns), so the gate arithmetic reads them from cache, not from a buffer of
    // every step; per step the recurrent product goes into a reused buffer and LstmStep does the rest: no tensor is made per step.
    private void Run(Direction d, Tensor x, long batch, Tensor outputs)
    {
        using var scope = NewDisposeScope();
        long steps = x.shape[1] / batch, chunk = Math.Max(1, ChunkColumns / batch);
        int h = d.Hidden;
        Tensor state = zeros(h, batch), next = empty(h, batch), cell = zeros(h, batch), gates = empty(4 * h, batch);
        var buffer = empty(4 * h, chunk * batch);
        for (long t0 = 0; t0 < steps; t0 += chunk)
        {
            long count = Math.Min(chunk, steps - t0);
            long start = Stopwatch.GetTimestamp();
            var inputs = count == chunk ? buffer : buffer.narrow(1, 0, count * batch);
            d.Input.Apply(x.narrow(1, t0 * batch, count * batch), inputs);
            inputs.add_(d.Bias);
            Profile?.AddInput(start);
            for (long t = 0; t < count; t++)
            {
                long product = Stopwatch.GetTimestamp();
                d.Recurrent.Apply(state, gates);
                long arithmetic = Stopwatch.GetTimestamp();
                LstmStep.Run(gates, inputs, t, cell, next, outputs, t0 + t);
                Profile?.AddStep(product, arithmetic);
                (state, next) = (next, state);
            }
        }
    }

    public void Dispose()
    {
        embedding.Dispose();
        foreach (var directions in layers) foreach (var d in directions) d.Dispose();
        output.Dispose();
        outputBias.Dispose();
    }
}
