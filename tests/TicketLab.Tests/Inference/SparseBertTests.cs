using TicketLab.Inference;
using TicketLab.Models.Bert;
using TicketLab.Pruning;
using TicketLab.Tests.Bert;
using TicketLab.Tests.Pruning;
using static TorchSharp.torch;

namespace TicketLab.Tests.Inference;

/// <summary>The sparse BERT pass against the masked MiniLM it was read from, on real IMDb reviews.</summary>
[Collection("Bert")]
public sealed class SparseBertTests(SparseBertTests.MiniLmTicket ticket) : IClassFixture<SparseBertTests.MiniLmTicket>
{
    /// <summary>The pretrained MiniLM with a fresh head, 95% of each of its prunable weights (Chen et al.'s set) pruned by magnitude,
    /// 16 real reviews in two padded batches of 8, and the masked model's own logits for them.</summary>
    /// <remarks>Layer-wise, not global: global magnitude at 95% prunes the whole pooler (its fresh weights are the smallest), which
    /// makes every logit 0 and the comparison empty.</remarks>
    public sealed class MiniLmTicket : IDisposable
    {
        public MiniLmTicket()
        {
            Model = BertModels.Create(BertModels.DefaultName, classes: 2, seed: 4);
            using var dense = Mask.Dense(Model);
            Mask = new LayerwiseMagnitudePruning().Prune(dense, ModelFixtures.Weights(Model), 0.95);
            FromMask = new SparseBert(Model, Mask, maxDensity: 1.0);     // read before the mask is applied: weights ⊙ mask
            Mask.ApplyTo(Model);
            Model.eval();
            var rows = TrainedRuns.SomeReviews(16).Select(r => BertFixtures.Vocab.Encode(r, 128)).ToArray();
            Batches = [.. rows.Chunk(8).Select(chunk => BertFixtures.Batch(chunk))];
            Expected = Logits(Model.forward);
        }

        public BertClassifier Model { get; }
        public Mask Mask { get; }
        public SparseBert FromMask { get; }
        public IReadOnlyList<(Tensor Ids, Tensor Lengths)> Batches { get; }
        public Tensor Expected { get; }

        /// <summary>Logits of every review, batch by batch: [16, 2].</summary>
        public Tensor Logits(Func<Tensor, Tensor, Tensor> forward)
        {
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            return cat(Batches.Select(b => forward(b.Ids, b.Lengths)).ToList(), 0).MoveToOuterDisposeScope();
        }

        public void Dispose()
        {
            FromMask.Dispose();
            Model.Dispose();
            Mask.Dispose();
            Expected.Dispose();
            foreach (var (ids, lengths) in Batches) { ids.Dispose(); lengths.Dispose(); }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Every_projection_on_csr_gives_the_masked_models_logits_and_labels(int threads)
    {
        Assert.InRange(ticket.Mask.Sparsity, 0.949, 0.951);
        var projections = ticket.FromMask.Projections().ToList();
        Assert.Equal(6 * 6 + 2, projections.Count);                                           // 6 per layer, pooler, classifier
        Assert.All(projections, p => Assert.True(p.Sparse, p.Name));
        Assert.All(projections.Where(p => ticket.Mask.Names.Contains(p.Name)),                // the mask was applied while reading
            p => Assert.Equal(Mask.CountKept(ticket.Mask[p.Name]) / (double)ticket.Mask[p.Name].numel(), p.Density, 12));
        int before = get_num_threads();
        set_num_threads(threads);                                                             // the kernel splits rows by libtorch's thread count
        try
        {
            AssertSameAsModel(ticket.FromMask);
        }
        finally
        {
            set_num_threads(before);
        }
    }

    [Fact]
    public void The_policys_mix_and_the_pass_with_dense_products_give_the_masked_models_logits_and_the_dense_path_is_the_model()
    {
        using var policy = new SparseBert(ticket.Model);
        var chosen = policy.Projections().ToList();
        Assert.Contains(chosen, p => p.Sparse);
        Assert.Contains(chosen, p => !p.Sparse);                                              // the classifier is not pruned: density 1
        Assert.All(chosen, p => Assert.Equal(p.Density <= SparsePolicy.MaxDensity, p.Sparse));
        AssertSameAsModel(policy);

        using var none = new SparseBert(ticket.Model, maxDensity: 0);
        Assert.DoesNotContain(none.Projections(), p => p.Sparse);
        AssertSameAsModel(none);

        using var dense = new DenseForwardPass(ticket.Model);
        using var logits = ticket.Logits(dense.Logits);
        Assert.True(logits.eq(ticket.Expected).all().item<bool>(), "the dense path no longer gives the model's own logits");
    }

    private void AssertSameAsModel(SparseBert pass)
    {
        var expected = ticket.Expected;
        using var margin = expected.select(1, 0) - expected.select(1, 1);
        Assert.True(margin.std().item<float>() > 1e-3, "the logits do not depend on the review: nothing was compared");
        using var logits = ticket.Logits(pass.Logits);
        double gap = (logits - expected).abs().max().item<float>();
        Assert.True(gap <= 1e-4, $"the sparse BERT pass differs from the masked model by {gap:E2}");
        Assert.Equal(expected.argmax(1).data<long>().ToArray(), logits.argmax(1).data<long>().ToArray());
    }
}
