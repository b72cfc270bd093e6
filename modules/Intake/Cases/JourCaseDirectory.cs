using Microsoft.EntityFrameworkCore;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Modules.Intake.Cases;

/// <summary>The look-up's view of the jour's cases (<see cref="IJourCaseDirectory"/>, defined by the core; replaced by events in issue 12's second phase).</summary>
internal sealed class JourCaseDirectory(CaseQueries cases, Func<IntakeDbContext> contexts)
{
    public async Task<JourCaseInfo?> FindAsync(string caseId, CancellationToken cancellationToken) =>
        await cases.FindAsync(caseId, cancellationToken) is { } c ? ToInfo(c) : null;

    public async Task<IReadOnlyList<JourCaseInfo>> OpenCasesAsync(CancellationToken cancellationToken) =>
        (await cases.OpenAsync(cancellationToken)).Select(ToInfo).ToList();

    public async Task<IReadOnlyList<JourCasePerson>> PersonsOfCaseAsync(string caseId, CancellationToken cancellationToken)
    {
        if (CaseIds.Parse(caseId) is null || await cases.FindAsync(caseId, cancellationToken) is null)
        {
            return [];
        }

        return (await cases.PersonsAsync(caseId, requireOpen: false, cancellationToken)).Select(p => new JourCasePerson(p.PersonId, p.Relation switch
        {
            CasePersonRelation.CasePerson => "ärendets person",
            CasePersonRelation.SameContact => "samma kontakt",
            _ => "berörd person: " + p.Role,
        })).ToList();
    }

    public async Task<(IReadOnlyList<JourCaseInfo> Newest, int Total)> ForPersonAsync(string personId, int limit, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var ofPerson = db.Cases.AsNoTracking().Where(c => c.PersonId == personId);
        var total = await ofPerson.CountAsync(cancellationToken);
        var rows = await ofPerson.Include(c => c.Contact).OrderByDescending(c => c.OpenedAt).Take(limit).ToListAsync(cancellationToken);
        return (rows.Select(r => ToInfo(CaseViews.ToView(r, r.Contact!))).ToList(), total);
    }

    internal static JourCaseInfo ToInfo(JourCaseView c) =>
        new(c.Id, c.PersonId, c.PersonLabel, c.MunicipalityCode, c.Category.ToString(), c.OpenedAt, c.ClosedAt, c.ConcernsChild);
}
