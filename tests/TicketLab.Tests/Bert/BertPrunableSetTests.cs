using TicketLab.Models;
using TicketLab.Models.Bert;
using TicketLab.Pruning;

namespace TicketLab.Tests.Bert;

[Collection("Bert")]
public class BertPrunableSetTests
{
    [Fact]
    public void Weights_are_exactly_chen_et_al_2020_six_matrices_per_layer_and_the_pooler()
    {
        var config = BertFixtures.Tiny(40) with { NumHiddenLayers = 3 };
        using var model = new BertClassifier(config, classes: 2, seed: 1);
        var expected = Enumerable.Range(0, 3).SelectMany(i => new[]
            {
                $"encoder.layer.{i}.attention.self.query.weight",
                $"encoder.layer.{i}.attention.self.key.weight",
                $"encoder.layer.{i}.attention.self.value.weight",
                $"encoder.layer.{i}.attention.output.dense.weight",
                $"encoder.layer.{i}.intermediate.dense.weight",
                $"encoder.layer.{i}.output.dense.weight",
            })
            .Append("pooler.dense.weight")
            .ToHashSet();

        using var mask = Mask.Dense(model, PrunableSet.Weights);
        Assert.Equal(expected, mask.Names.ToHashSet());
        Assert.Equal(6 * 3 + 1, mask.Names.Count());
    }

    [Fact]
    public void Every_parameter_has_the_role_its_hugging_face_name_implies()
    {
        using var model = new BertClassifier(BertFixtures.Tiny(40), classes: 2, seed: 1);
        var roles = model.Parameters().ToDictionary(p => p.Name, p => model.RoleOf(p.Name));
        Assert.Equal(ParameterRole.Output, roles["classifier.weight"]);
        Assert.Equal(ParameterRole.Bias, roles["classifier.bias"]);
        Assert.Equal(ParameterRole.Bias, roles["encoder.layer.0.attention.self.query.bias"]);
        Assert.Equal(ParameterRole.Bias, roles["pooler.dense.bias"]);
        foreach (var e in new[] { "word_embeddings", "position_embeddings", "token_type_embeddings" })
            Assert.Equal(ParameterRole.Embedding, roles[$"embeddings.{e}.weight"]);
        var norms = roles.Where(r => r.Key.Contains("LayerNorm")).ToList();
        Assert.Equal(2 * (1 + 2 * 2), norms.Count);                                      // embeddings + 2 per layer, weight and bias
        Assert.All(norms, r => Assert.Equal(ParameterRole.Other, r.Value));
        Assert.Throws<ArgumentException>(() => model.RoleOf("encoder.layer.0.nonsense"));

        // The seed study's default set adds only the classification head to Chen et al.'s.
        using var byDefault = Mask.Dense(model, PrunableSet.Default);
        using var chen = Mask.Dense(model, PrunableSet.Weights);
        Assert.Equal(["classifier.weight"], byDefault.Names.Except(chen.Names));
    }
}
