namespace TicketLab.Inference;

/// <summary>One text's predicted label (the most probable class) and the probability of every class, in label order.</summary>
public sealed record Prediction(int Label, IReadOnlyList<float> Probabilities);
