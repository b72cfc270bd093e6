using SocialJour.Core;
using SocialJour.Core.Calendar;
using SocialJour.Core.Identity;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Intake.Cases;
using SocialJour.Modules.Intake.Common;
using SocialJour.Modules.Intake.Contracts;
using SocialJour.Modules.Lookup.Contracts;

namespace SocialJour.Modules.Intake.Identity;

/// <summary>
/// Checks identity numbers against the population register, bound like a look-up: to a person of an open case, or to a
/// contact being registered (counted by <see cref="RegisterCheckLimit"/>). Every check is in the access log before it is shown.
/// </summary>
internal sealed class IdentityCheckService(IClientLookup lookup, IPopulationRegisterLookup populationRegister, IAccessLog accessLog, RegisterCheckLimit limit, JourClock clock)
{
    public async Task<IdentityCheck> CheckAsync(IdentityCheckRequest request, string userId, CancellationToken cancellationToken)
    {
        var today = clock.Today;
        var (identity, error) = IdentityNumber.TryParse(request.IdentityNumber, today);
        if (identity is null)
        {
            throw new ValidationException("identityNumber", error ?? "Ogiltigt identitetsnummer.");
        }

        if (identity.ToPersonId() is null)
        {
            throw new ValidationException("identityNumber", "Reservnummer finns inte i folkbokföringen.");
        }

        // Need-to-know, the same rule as a look-up's (the Lookup module's): a person of an open case that is the jour's, or a person of
        // the contact being registered.
        if (!string.IsNullOrWhiteSpace(request.JourCaseId))
        {
            var (jourCase, person, refusal) = await lookup.CheckNeedToKnowAsync(request.JourCaseId, identity.Canonical, cancellationToken);
            if (refusal is not null)
            {
                throw new ValidationException(refusal.Field, refusal.Message, refusal.NotFound);
            }

            // A related party is anyone added with a role and a reason: checking one counts against the limit, the case's own
            // persons do not (the related-party route must not bypass the limit on checks without a case).
            if (person!.IsRelatedParty)
            {
                await limit.CountAsync(userId, identity.Canonical, RegisterCheckLimit.RelatedPartyPurpose, cancellationToken);
                return await CheckPersonAsync(identity.Canonical, today, userId, jourCase!.Id, RegisterCheckLimit.RelatedPartyPurpose, cancellationToken);
            }

            return await CheckPersonAsync(identity.Canonical, today, userId, jourCase!.Id, RegisterCheckLimit.CasePurpose, cancellationToken);
        }

        if (!string.Equals(request.Purpose?.Trim(), IdentityCheckRequest.ContactRegistration, StringComparison.OrdinalIgnoreCase))
        {
            throw new ValidationException("jourCaseId",
                $"En kontroll mot folkbokföringen görs för ett öppet jourärende (jourCaseId) eller för en kontakt som registreras (syfte \"{IdentityCheckRequest.ContactRegistration}\"). Kontrollen loggas.");
        }

        await limit.CountAsync(userId, identity.Canonical, IdentityCheckRequest.ContactRegistration, cancellationToken);
        return await CheckPersonAsync(identity.Canonical, today, userId, null, IdentityCheckRequest.ContactRegistration, cancellationToken);
    }

    /// <summary>Asks the register about a 12-digit person id (a reserve number is answered "Disabled" without asking); logged first.</summary>
    public async Task<IdentityCheck> CheckPersonAsync(string personId, DateOnly today, string userId, string? caseId, string purpose, CancellationToken cancellationToken)
    {
        if (personId.Length != 12 || personId[8] is < '0' or > '9' || !personId.All(char.IsAsciiDigit))
        {
            return new IdentityCheck("Disabled", "Reservnummer finns inte i folkbokföringen", null, null, null, Adapters.Contract.ProtectedIdentity.Unknown);
        }

        var answer = await populationRegister.FindAsync(personId, userId, cancellationToken);
        if (answer.Status != Adapters.Contract.SourceStatus.Disabled)
        {
            // The register's access log is the jour's access log: committed before the answer is shown.
            await accessLog.AppendAsync(new AccessDraft(AccessKind.RegisterCheck, userId, personId, caseId, purpose, null, Guid.NewGuid().ToString("N"),
                [new SourceAnswer(PopulationRegisterSource.Code, answer.Status)]), CancellationToken.None);
            await limit.NoteAsync(userId, CancellationToken.None);
        }

        var p = answer.Person;
        return new IdentityCheck(answer.Status.ToString(), answer.Detail, p?.Name, p?.BirthDate is { } born ? AgeOn(born, today) : null, p?.MunicipalityCode,
            ProtectionRule.FromRegister(answer.Status, p?.ProtectedIdentity));
    }

    /// <summary>Age in whole years on <paramref name="day"/>.</summary>
    internal static int AgeOn(DateOnly born, DateOnly day) => day.Year - born.Year - (day < born.AddYears(day.Year - born.Year) ? 1 : 0);
}
