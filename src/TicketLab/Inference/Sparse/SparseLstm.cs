using System.Diagnostics;
using TicketLab.Models;
using static TorchSharp.torch;

namespace TicketLab.Inference;

/// <summary>Inference for a trained (bi)LSTM classifier whose input, recurrent and output projections go through <see cref="Projection"/>:
/// CSR where a ticket made them sparse enough, dense elsewhere. Logits equal <see cref="Lstm"/>'s in eval mode.</summary>
/// <remarks>Activations are kept feature-major ([features, time, batch]) so each projection is one W · X; padding is handled as
/// <see cref="PaddedLstmLayer"/> does (the backward direction reads each sequence reversed within its length; final states are
/// taken at each length).</remarks>
public sealed class SparseLstm : IForwardPass
{
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
        embedding = p["embedding.weight"].clone();
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
        var x = embedding.index_select(0, ids.flatten()).view(ids.shape[0], ids.shape[1], -1);   // [batch, time, emb]
        Tensor final = null!;
        foreach (var directions in layers)
        {
            var forward = Run(directions[0], x);                                           // [batch, time, hidden]
            if (directions.Length == 1)
            {
                (x, final) = (forward, PaddedSequences.Last(forward, lengths));
                continue;
            }
            var reversed = Run(directions[1], PaddedSequences.Reverse(x, lengths));
            x = cat(new[] { forward, PaddedSequences.Reverse(reversed, lengths) }, 2);
            final = cat(new[] { PaddedSequences.Last(forward, lengths), PaddedSequences.Last(reversed, lengths) }, 1);
        }
        var logits = output.Apply(final.t().contiguous()).add_(outputBias).t();             // [classes, batch] → [batch, classes]
        var result = logits.contiguous().MoveToOuterDisposeScope();
        Profile?.AddTotal(start);
        return result;
    }

    // one direction over [batch, time, input] → [batch, time, hidden]: the input product for all steps at once, then per step the
    // recurrent product into a reused buffer and the fused gate arithmetic (LstmStep); no tensor is allocated inside the loop
    private Tensor Run(Direction d, Tensor x)
    {
        using var scope = NewDisposeScope();
        long batch = x.shape[0], steps = x.shape[1], features = x.shape[2];
        int h = d.Hidden;
        long start = Stopwatch.GetTimestamp();
        var inputs = d.Input.Apply(x.permute(2, 1, 0).reshape(features, steps * batch).contiguous()).add_(d.Bias);   // [4H, time · batch]
        Profile?.AddInput(start);
        Tensor state = zeros(h, batch), next = empty(h, batch), cell = zeros(h, batch), gates = empty(4 * h, batch);
        var outputs = empty(h, steps * batch);
        for (long t = 0; t < steps; t++)
        {
            long product = Stopwatch.GetTimestamp();
            d.Recurrent.Apply(state, gates);
            long arithmetic = Stopwatch.GetTimestamp();
            LstmStep.Run(gates, inputs, t, cell, next, outputs);
            Profile?.AddStep(product, arithmetic);
            (state, next) = (next, state);
        }
        return outputs.view(h, steps, batch).permute(2, 1, 0).contiguous().MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        embedding.Dispose();
        foreach (var directions in layers) foreach (var d in directions) d.Dispose();
        output.Dispose();
        outputBias.Dispose();
    }
}
