using SocialJour.Core;
using SocialJour.Core.Configuration;
using SocialJour.Core.Identity;
using SocialJour.Modules.Intake.Contracts;
using SocialJour.Modules.Intake.Routing;

namespace SocialJour.Modules.Intake.Contacts;

/// <summary>A person concerned, checked: who (person id, or name and approximate age), where the case belongs, category, child, triage.</summary>
internal sealed record ValidPerson(string? PersonId, string? Name, int? ApproximateAge, HomeMunicipality Home, CaseCategory Category, bool ConcernsChild, TriageLevel Triage);

/// <summary>
/// What a person concerned must hold, each error naming the person (persons[n]): a valid identity number, or what is
/// known (a name or an approximate age 0–120); a home municipality (<see cref="HomeMunicipalityRule"/>); a category; a
/// triage level (when not given, <see cref="TriageRule"/>: children first). The case concerns a child when the person is under 18 on the day of the contact
/// (from the identity number, else the approximate age) or the category is about children.
/// </summary>
internal static class PersonConcernedRule
{
    public static ValidPerson Check(PersonConcerned p, int index, DateOnly localDate, IEnumerable<Municipality> members)
    {
        var field = $"persons[{index}]";
        if (!string.IsNullOrWhiteSpace(p.Name) && Core.Lookup.FreeText.Problem(p.Name, Core.Lookup.TextKind.Name, required: false) is { } nameProblem)
        {
            throw new ValidationException(field + ".name", $"Person {index}: namnet: {nameProblem}.");
        }

        string? personId = null;
        bool child;
        if (!string.IsNullOrWhiteSpace(p.IdentityNumber))
        {
            var (identity, error) = IdentityNumber.TryParse(p.IdentityNumber, localDate);
            if (identity is null)
            {
                throw new ValidationException(field + ".identityNumber", $"Person {index}: {error}");
            }

            personId = identity.Canonical;
            child = identity.BirthDate is { } born && born.AddYears(18) > localDate;
        }
        else
        {
            if (string.IsNullOrWhiteSpace(p.Name) && p.ApproximateAge is null)
            {
                throw new ValidationException(field, $"Person {index}: ange person- eller samordningsnummer, eller det som är känt (namn, ungefärlig ålder).");
            }

            if (p.ApproximateAge is < 0 or > 120)
            {
                throw new ValidationException(field + ".approximateAge", $"Person {index}: åldern ska vara mellan 0 och 120 år.");
            }

            child = p.ApproximateAge is < 18;
        }

        var home = HomeMunicipalityRule.Route(p.MunicipalityCode, localDate, members)
            ?? throw new ValidationException(field + ".municipalityCode", $"Person {index}: ange hemkommun med en giltig kommunkod{(string.IsNullOrWhiteSpace(p.MunicipalityCode) ? "" : $" ({p.MunicipalityCode.Trim()} finns inte)")}.");

        if (p.Category is not { } category || !Enum.IsDefined(category))
        {
            throw new ValidationException(field + ".category", $"Person {index}: ange ärendekategori.");
        }

        var concernsChild = child || category is CaseCategory.ChildrenAndYouth or CaseCategory.UnaccompaniedMinor;
        var triage = p.Triage is { } t && Enum.IsDefined(t) ? t : p.Triage is null ? TriageRule.Default(concernsChild, category)
            : throw new ValidationException(field + ".triage", $"Person {index}: prioriteten ska vara akut, brådskande eller normal.");
        return new ValidPerson(personId, Common.InputText.Trim(p.Name), personId is null ? p.ApproximateAge : null, home, category, concernsChild, triage);
    }
}
