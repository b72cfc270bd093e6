namespace SocialJour.Core;

/// <summary>
/// Input a module cannot accept. One type for every module, mapped once to problem+json by the host (400, or 404 when
/// <see cref="NotFound"/>): the message is Swedish and <see cref="Field"/> names the field.
/// </summary>
public sealed class ValidationException(string field, string message, bool notFound = false) : Exception(message)
{
    public string Field { get; } = field;

    public bool NotFound { get; } = notFound;
}
