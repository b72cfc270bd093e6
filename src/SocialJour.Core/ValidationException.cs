namespace SocialJour.Core;

/// <summary>
/// Input a module cannot accept. One type for every module, mapped once to problem+json by the host (400, or 404 when
/// <see cref="NotFound"/>, or 409 when <see cref="Conflict"/>): the message is Swedish and <see cref="Field"/> names the field.
/// </summary>
public sealed class ValidationException(string field, string message, bool notFound = false, bool conflict = false) : Exception(message)
{
    public string Field { get; } = field;

    public bool NotFound { get; } = notFound;

    /// <summary>
    /// The request is fine but the stored data contradicts the logs (e.g. a locked billing version whose amounts no longer
    /// hash to its approval entry): 409, nothing is shown from it.
    /// </summary>
    public bool Conflict { get; } = conflict;
}
