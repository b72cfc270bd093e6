using Microsoft.EntityFrameworkCore;
using SocialJour.Core.Persistence;

namespace SocialJour.Core.Lookup;

/// <summary>A jour case as recorded in the core's register (a read model fed by the intake module's events).</summary>
internal sealed class JourCaseRegisterRow
{
    public string Id { get; set; } = "";

    public string? PersonId { get; set; }

    public string PersonLabel { get; set; } = "";

    public string MunicipalityCode { get; set; } = "";

    public string Category { get; set; } = "";

    public DateTimeOffset OpenedAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public bool ConcernsChild { get; set; }

    /// <summary>Referred to a municipality outside the jour: need-to-know (the Lookup module) opens nothing from it.</summary>
    public bool Referred { get; set; }
}

/// <summary>A person a look-up from the case may concern.</summary>
internal sealed class JourCaseRegisterPerson
{
    public string CaseId { get; set; } = "";

    public string PersonId { get; set; } = "";

    public string Relation { get; set; } = "";
}

internal static class JourCaseRegisterModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<JourCaseRegisterRow>(e =>
        {
            e.ToTable("jour_cases");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.PersonId);
            e.Property(x => x.OpenedAt).HasConversion(InstantConversions.Instant);
            e.Property(x => x.ClosedAt).HasConversion(InstantConversions.NullableInstant);
        });
        modelBuilder.Entity<JourCaseRegisterPerson>(e =>
        {
            e.ToTable("jour_case_persons");
            e.HasKey(x => new { x.CaseId, x.PersonId });
        });
    }
}

internal sealed class JourCaseRegister(Func<CoreDbContext> contexts) : IJourCaseRegister
{
    public async Task RecordAsync(JourCaseInfo jourCase, IReadOnlyList<JourCasePerson> persons, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            var row = await db.JourCases.SingleOrDefaultAsync(c => c.Id == jourCase.Id, cancellationToken);
            if (row is null)
            {
                row = new JourCaseRegisterRow { Id = jourCase.Id };
                db.JourCases.Add(row);
            }

            row.PersonId = jourCase.PersonId;
            row.PersonLabel = jourCase.PersonLabel;
            row.MunicipalityCode = jourCase.MunicipalityCode;
            row.Category = jourCase.Category;
            row.OpenedAt = jourCase.OpenedAt;
            row.ClosedAt = jourCase.ClosedAt;
            row.ConcernsChild = jourCase.ConcernsChild;
            row.Referred = jourCase.Referred;

            var old = await db.JourCasePersons.Where(p => p.CaseId == jourCase.Id).ToListAsync(cancellationToken);
            db.JourCasePersons.RemoveRange(old);
            await db.SaveChangesAsync(cancellationToken);
            foreach (var p in persons.DistinctBy(p => p.PersonId))
            {
                db.JourCasePersons.Add(new JourCaseRegisterPerson { CaseId = jourCase.Id, PersonId = p.PersonId, Relation = p.Relation });
            }

            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
        });
    }

    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts();
        return await db.JourCases.CountAsync(cancellationToken);
    }

    public async Task<JourCaseInfo?> FindAsync(string caseId, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var row = await db.JourCases.AsNoTracking().SingleOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        return row is null ? null : ToInfo(row);
    }

    public async Task<(IReadOnlyList<JourCaseInfo> Newest, int Total)> ForPersonAsync(string personId, int limit, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var ofPerson = db.JourCases.AsNoTracking().Where(c => c.PersonId == personId);
        var total = await ofPerson.CountAsync(cancellationToken);
        var rows = await ofPerson.OrderByDescending(c => c.OpenedAt).Take(limit).ToListAsync(cancellationToken);
        return (rows.Select(ToInfo).ToList(), total);
    }

    public async Task<IReadOnlyList<JourCasePerson>> PersonsOfCaseAsync(string caseId, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        return await db.JourCasePersons.AsNoTracking().Where(p => p.CaseId == caseId).OrderBy(p => p.PersonId)
            .Select(p => new JourCasePerson(p.PersonId, p.Relation)).ToListAsync(cancellationToken);
    }

    private static JourCaseInfo ToInfo(JourCaseRegisterRow r) =>
        new(r.Id, r.PersonId, r.PersonLabel, r.MunicipalityCode, r.Category, r.OpenedAt, r.ClosedAt, r.ConcernsChild, r.Referred);
}
