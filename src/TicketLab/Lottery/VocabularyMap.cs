using TicketLab.Data;

namespace TicketLab.Lottery;

/// <summary>Reconciles two vocabularies by token string: each target id maps to the source id of the same token, or to none.</summary>
public sealed class VocabularyMap
{
    private readonly int[] sourceOf;

    public VocabularyMap(Vocabulary source, Vocabulary target)
    {
        sourceOf = new int[target.Count];
        for (int id = 0; id < target.Count; id++)
        {
            var token = target.TokenOf(id);
            int s = source.IdOf(token);
            // IdOf answers <unk> for unknown tokens: only a real match (or <unk> itself) carries over
            sourceOf[id] = s != Vocabulary.UnkId || token == Vocabulary.UnkToken ? s : -1;
        }
    }

    /// <summary>The source row for a target id, or -1 when the token is new to the source.</summary>
    public int SourceOf(int targetId) => sourceOf[targetId];

    /// <summary>Target tokens found in the source vocabulary.</summary>
    public int Carried => sourceOf.Count(s => s >= 0);

    /// <summary>Target tokens the source never saw: they get fresh rows.</summary>
    public int Fresh => sourceOf.Length - Carried;
}
