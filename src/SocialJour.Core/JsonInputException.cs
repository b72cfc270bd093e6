using System.Text.Json;

namespace SocialJour.Core;

/// <summary>
/// A JSON value our own converters refuse, with a Swedish message for the caller (the host passes it on, naming the field).
/// Any other <see cref="JsonException"/> is the parser's, in English with its internals, and is never passed on.
/// </summary>
public sealed class JsonInputException(string message) : JsonException(message);
