namespace TicketLab.Models.Bert;

/// <summary>BERT weights, config or vocabulary that cannot be loaded; the message names the file and the tensor.</summary>
public sealed class BertImportException : UserException
{
    public BertImportException(string message) : base(message) { }
    public BertImportException(string message, Exception inner) : base(message, inner) { }
}
