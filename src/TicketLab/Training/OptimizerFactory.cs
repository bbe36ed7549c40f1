using TicketLab.Models;
using static TorchSharp.torch;

namespace TicketLab.Training;

/// <summary>Builds the optimiser a <see cref="TrainingHparams"/> names; AdamW leaves biases and normalisation weights undecayed.</summary>
public static class OptimizerFactory
{
    public static TorchSharp.Modules.OptimizerHelper Create(TextClassifier model, TrainingHparams h)
    {
        if (h.Optimizer == OptimizerKind.Adam)
            return optim.Adam(model.parameters(), h.LearningRate, weight_decay: h.WeightDecay);
        var decayed = model.Parameters().Where(p => model.RoleOf(p.Name) is not (ParameterRole.Bias or ParameterRole.Other)).Select(p => p.Parameter);
        var undecayed = model.Parameters().Where(p => model.RoleOf(p.Name) is ParameterRole.Bias or ParameterRole.Other).Select(p => p.Parameter);
        return optim.AdamW(new[]
        {
            new TorchSharp.Modules.AdamW.ParamGroup(decayed, h.LearningRate, 0.9, 0.999, 1e-8, h.WeightDecay, false, false),
            new TorchSharp.Modules.AdamW.ParamGroup(undecayed, h.LearningRate, 0.9, 0.999, 1e-8, 0.0, false, false),
        }, h.LearningRate);
    }
}
