namespace SocialJour.Modules.Intake.Contacts;

/// <summary>
/// Siblings born the same year, flagged so their numbers are not mixed up: two different children (under 18) of one contact
/// whose birth years are the same — from the identity number, or for an unidentified child the year the approximate age
/// gives on the day of the contact (an estimate, so only between children whose ages are both known).
/// </summary>
internal static class SiblingRule
{
    public const string Warning = "Syskon födda samma år – kontrollera personnumret";

    /// <summary>A person as the rule sees it: a key (the case id), the person id if identified, else the approximate age.</summary>
    public sealed record Person(string Key, string? PersonId, int? ApproximateAge);

    /// <summary>The birth year: the identity number's first four digits, else the year of the day minus the approximate age.</summary>
    public static int? BirthYear(string? personId, int? approximateAge, DateOnly day) =>
        personId is { Length: 12 } id && int.TryParse(id.AsSpan(0, 4), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year) ? year
        : approximateAge is { } age ? day.Year - age
        : null;

    /// <summary>For each person, the keys of the other children of the contact born the same year (only those with any).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> SameYear(IReadOnlyList<Person> persons, DateOnly day)
    {
        var children = persons.Select(p => (p.Key, p.PersonId, Year: BirthYear(p.PersonId, p.ApproximateAge, day)))
            .Where(p => p.Year is { } y && day.Year - y < 18)
            .ToList();
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var child in children)
        {
            var others = children.Where(o => o.Key != child.Key && o.Year == child.Year && (o.PersonId is null || o.PersonId != child.PersonId))
                .Select(o => o.Key).ToList();
            if (others.Count > 0)
            {
                result[child.Key] = others;
            }
        }

        return result;
    }
}
