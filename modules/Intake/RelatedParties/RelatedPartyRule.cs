using SocialJour.Core;
using SocialJour.Core.Identity;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Intake.Common;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Modules.Intake.RelatedParties;

/// <summary>A related party as it is stored: the person id, the role and the reason.</summary>
internal sealed record ValidRelatedParty(string PersonId, RelatedPartyRole Role, string Reason);

/// <summary>
/// Who may be added to a case as a related party (need-to-know for look-ups from the case, ADR 0012): a person or
/// coordination number (a reserve number is in no journal system), a role, a reason that is words (<see cref="TextKind.Reason"/>, logged),
/// and not a person the case already has.
/// </summary>
internal static class RelatedPartyRule
{
    /// <summary>Related parties one case may have: a family with its relatives, not a list of names to look up.</summary>
    public const int MaxPerCase = 10;

    /// <summary>Related parties one user may add in 24 hours, over all cases.</summary>
    public const int MaxPerUserAndDay = 20;

    /// <summary>Refuses an addition beyond <see cref="MaxPerCase"/> or <see cref="MaxPerUserAndDay"/>, saying which.</summary>
    public static void CheckLimits(int partiesOfCase, int addedByUserLastDay)
    {
        if (partiesOfCase >= MaxPerCase)
        {
            throw new ValidationException("identityNumber",
                $"Ärendet har redan {MaxPerCase} berörda personer, det högsta antalet. Öppna ett eget ärende för den som behöver ett, eller kontakta enhetschefen.");
        }

        if (addedByUserLastDay >= MaxPerUserAndDay)
        {
            throw new ValidationException("identityNumber",
                $"Du har lagt till {MaxPerUserAndDay} berörda personer det senaste dygnet, det högsta antalet. Kontakta enhetschefen om fler behövs; tilläggen följs upp.");
        }
    }

    public static ValidRelatedParty Check(RelatedPartyInput input, DateOnly today)
    {
        var (identity, error) = IdentityNumber.TryParse(input.IdentityNumber, today);
        if (identity is null)
        {
            throw new ValidationException("identityNumber", error ?? "Ogiltigt identitetsnummer.");
        }

        if (identity.ToPersonId() is null)
        {
            throw new ValidationException("identityNumber", "Ett reservnummer finns inte i kommunernas journalsystem; ange person- eller samordningsnummer.");
        }

        if (input.Role is not { } role || !Enum.IsDefined(role))
        {
            throw new ValidationException("role", "Ange personens roll i ärendet (förälder, vårdnadshavare, partner, syskon, annan anhörig, misstänkt förövare eller annan).");
        }

        var reason = FreeText.Required("reason", "Skälet", input.Reason, TextKind.Reason,
            "Ange varför personen berörs av ärendet, med ord (minst 10 tecken). Skälet loggas.");
        return new ValidRelatedParty(identity.Canonical, role, reason);
    }

    /// <summary>Refuses a person who already belongs to the case, saying how.</summary>
    public static void CheckNotAlready(IReadOnlyList<CasePersonView> persons, string personId)
    {
        if (persons.FirstOrDefault(p => p.PersonId == personId) is { } already)
        {
            throw new ValidationException("identityNumber", $"Personen hör redan till ärendet ({already.Relation switch
            {
                CasePersonRelation.CasePerson => "ärendets person",
                CasePersonRelation.SameContact => "samma kontakt, ärende " + already.CaseId,
                _ => "berörd person",
            }}).");
        }
    }
}
