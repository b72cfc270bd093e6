using SocialJour.Core.Lookup;
using SocialJour.Modules.Lookup.Contracts;

namespace SocialJour.Modules.Lookup;

/// <summary>
/// Need-to-know, the one rule (docs/security.md): from a jour case, personal data may be fetched (a look-up, a check against
/// the population register, a reveal of hidden address data) only while the case is open and the jour's to handle (not
/// referred to a municipality outside the jour), and only about the persons of the case: its own person, the identified
/// persons of the same contact, and related parties added to it with a role and a reason. Checked against the core's
/// register of jour cases at the moment of each access, never against an earlier answer. Other modules ask it through
/// <see cref="IClientLookup.CheckNeedToKnowAsync"/> (the register check, related parties, ADR 0032).
/// </summary>
internal sealed class NeedToKnow(IJourCaseRegister cases)
{
    /// <summary>
    /// The case and how <paramref name="personId"/> belongs to it, or why data about that person (any person when null) may
    /// not be fetched from it now.
    /// </summary>
    public async Task<(JourCaseInfo? Case, JourCasePerson? Person, NeedToKnowRefusal? Refusal)> CheckAsync(string? caseId, string? personId, CancellationToken cancellationToken)
    {
        var id = caseId?.Trim() ?? "";
        var jourCase = id.Length == 0 ? null : await cases.FindAsync(id, cancellationToken);
        if (jourCase is null)
        {
            return (null, null, new NeedToKnowRefusal("jourCaseId", id.Length == 0 ? "Ange jourärendet." : $"Jourärendet {id} finns inte.", NotFound: id.Length > 0));
        }

        var persons = personId is null ? [] : await cases.PersonsOfCaseAsync(jourCase.Id, cancellationToken);
        return (jourCase, persons.FirstOrDefault(p => p.PersonId == personId), Refusal(jourCase, persons, personId));
    }

    /// <summary>The rule itself, on what the register holds (<paramref name="personId"/> null: the case only).</summary>
    public static NeedToKnowRefusal? Refusal(JourCaseInfo jourCase, IReadOnlyList<JourCasePerson> persons, string? personId)
    {
        if (!jourCase.IsOpen)
        {
            return new NeedToKnowRefusal("jourCaseId", $"Jourärendet {jourCase.Id} är avslutat. Välj ett öppet ärende eller gör en nödöppning med skäl.");
        }

        if (jourCase.Referred)
        {
            return new NeedToKnowRefusal("jourCaseId",
                $"Jourärendet {jourCase.Id} är hänvisat till en kommun utanför jouren ({jourCase.MunicipalityCode}): jouren hämtar inga uppgifter i det. " +
                "Är situationen akut, gör en nödöppning med skäl.");
        }

        if (personId is not null && persons.All(p => p.PersonId != personId))
        {
            return new NeedToKnowRefusal("identityNumber",
                $"Personen hör inte till jourärende {jourCase.Id}. Från ett ärende kan du slå upp ärendets person, de andra personerna i samma kontakt " +
                "och berörda personer som lagts till i ärendet med roll och skäl. Lägg till personen i ärendet, välj rätt ärende eller gör en nödöppning.");
        }

        return null;
    }
}
