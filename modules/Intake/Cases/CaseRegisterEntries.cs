using Microsoft.EntityFrameworkCore;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Modules.Intake.Cases;

/// <summary>
/// A case as the core's register of jour cases records it (<see cref="IJourCaseRegister"/>): its current state and the persons a
/// look-up from it may concern, read from intake's own tables at the moment it is recorded (so the order of events does not matter).
/// </summary>
internal sealed class CaseRegisterEntries(CaseQueries cases, Func<IntakeDbContext> contexts, IJourCaseRegister register)
{
    /// <summary>Records the case's current state in the core's register; an unknown case records nothing. Idempotent.</summary>
    public async Task RecordAsync(string caseId, CancellationToken cancellationToken)
    {
        if (CaseIds.Parse(caseId) is null || await cases.FindAsync(caseId, cancellationToken) is not { } jourCase)
        {
            return;
        }

        var persons = (await cases.PersonsAsync(caseId, requireOpen: false, cancellationToken)).Select(p => new JourCasePerson(p.PersonId, p.Relation switch
        {
            CasePersonRelation.CasePerson => "ärendets person",
            CasePersonRelation.SameContact => "samma kontakt",
            _ => JourCasePerson.RelatedPartyPrefix + ": " + p.Role,
        })).ToList();
        await register.RecordAsync(ToInfo(jourCase), persons, cancellationToken);
    }

    /// <summary>Every case of intake, oldest first (the start-up backfill of an empty or older register).</summary>
    public async Task<IReadOnlyList<string>> AllCaseIdsAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts();
        return (await db.Cases.AsNoTracking().OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(cancellationToken)).Select(CaseIds.Format).ToList();
    }

    internal static JourCaseInfo ToInfo(JourCaseView c) =>
        new(c.Id, c.PersonId, c.PersonLabel, c.MunicipalityCode, c.Category.ToString(), c.OpenedAt, c.ClosedAt, c.ConcernsChild, c.Referred);
}
