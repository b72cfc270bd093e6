using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SocialJour.Core.Audit;
using SocialJour.Core.Configuration;
using SocialJour.Core.Identity;
using SocialJour.Core.Lookup;
using SocialJour.Core.Persistence;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Modules.Intake;

internal sealed class IntakeModule(
    ModuleDatabase<IntakeDbContext> database,
    Func<IntakeDbContext> contexts,
    IMunicipalityRegistry registry,
    IAuditLog audit,
    TimeProvider time) : IIntakeModule
{
    public const int MaxPersons = 20;

    public string Name => IntakeDbContext.ModuleName;

    public Task<bool> IsHealthyAsync(CancellationToken cancellationToken) => database.CanConnectAsync(cancellationToken);

    public async Task<RegisteredContact> RegisterContactAsync(ContactRegistration registration, string userId, CancellationToken cancellationToken)
    {
        var configuration = registry.Current;
        var now = time.GetUtcNow();
        var receivedAt = registration.ReceivedAt ?? now;
        if (receivedAt > now.AddMinutes(5))
        {
            throw new IntakeValidationException("receivedAt", "Tidpunkten då kontakten togs emot kan inte ligga i framtiden.");
        }

        if (registration.Channel is not { } channel || !Enum.IsDefined(channel))
        {
            throw new IntakeValidationException("channel", "Ange hur kontakten kom in (SOS Alarm, direktlinjen, polisen, kommun, e-tjänst eller annat).");
        }

        var persons = registration.Persons ?? [];
        if (persons.Count == 0)
        {
            throw new IntakeValidationException("persons", "Ange minst en person som kontakten gäller; varje person blir ett eget ärende.");
        }

        if (persons.Count > MaxPersons)
        {
            throw new IntakeValidationException("persons", $"Högst {MaxPersons} personer per kontakt.");
        }

        var localDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(receivedAt, configuration.Jour.TimeZone).DateTime);
        var rows = new List<JourCaseRow>();
        for (var i = 0; i < persons.Count; i++)
        {
            rows.Add(ToCase(persons[i], i + 1, localDate, configuration, receivedAt, userId, now));
        }

        var duplicate = rows.Where(r => r.PersonId is not null).GroupBy(r => r.PersonId).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new IntakeValidationException("persons", "Samma person är angiven två gånger.");
        }

        var contact = new ContactRow
        {
            Channel = channel.ToString(),
            ReceivedAt = receivedAt,
            Caller = Trim(registration.Caller),
            Situation = Trim(registration.Situation),
            JourMode = configuration.Schedule.ModeAt(receivedAt).ToString(),
            RegisteredBy = userId,
            RegisteredAt = now,
            Cases = rows,
        };

        // One transaction: the contact and all its cases are stored, or nothing is.
        await using (var db = contexts())
        {
            db.Contacts.Add(contact);
            await db.SaveChangesAsync(cancellationToken);
        }

        await audit.AppendAsync(userId, "contact.registered", "contact " + contact.Id.ToString(CultureInfo.InvariantCulture),
            string.Join(',', rows.Select(r => CaseId(r.Id))), CancellationToken.None);
        return new RegisteredContact(contact.Id, contact.ReceivedAt, contact.JourMode, rows.Select(r => ToView(r, contact)).ToList());
    }

    public async Task<IReadOnlyList<JourCaseView>> OpenCasesAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var rows = await db.Cases.AsNoTracking().Include(c => c.Contact).Where(c => c.ClosedAt == null).ToListAsync(cancellationToken);
        return rows.OrderByDescending(r => r.ConcernsChild).ThenBy(r => r.Contact!.ReceivedAt).ThenBy(r => r.Id)
            .Select(r => ToView(r, r.Contact!)).ToList();
    }

    public async Task<JourCaseView?> FindCaseAsync(string caseId, CancellationToken cancellationToken)
    {
        if (ParseCaseId(caseId) is not { } id)
        {
            return null;
        }

        await using var db = contexts();
        var row = await db.Cases.AsNoTracking().Include(c => c.Contact).SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        return row is null ? null : ToView(row, row.Contact!);
    }

    public async Task<JourCaseView> CloseCaseAsync(string caseId, string userId, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var id = ParseCaseId(caseId);
        var row = id is null ? null : await db.Cases.Include(c => c.Contact).SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (row is null)
        {
            throw new IntakeValidationException("caseId", $"Ärendet {caseId} finns inte.", notFound: true);
        }

        if (row.ClosedAt is not null)
        {
            throw new IntakeValidationException("caseId", $"Ärendet {caseId} är redan avslutat.");
        }

        row.ClosedAt = time.GetUtcNow();
        row.ClosedBy = userId;
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(userId, "case.closed", CaseId(row.Id), "", CancellationToken.None);
        return ToView(row, row.Contact!);
    }

    internal static string CaseId(long id) => "J" + id.ToString(CultureInfo.InvariantCulture);

    internal static long? ParseCaseId(string? caseId) =>
        caseId is { Length: > 1 } && (caseId[0] is 'J' or 'j') && long.TryParse(caseId.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    internal static JourCaseView ToView(JourCaseRow r, ContactRow c) => new(
        CaseId(r.Id), r.ContactId, r.PersonId, Label(r), r.Name, r.ApproximateAge, r.MunicipalityCode, Enum.Parse<CaseCategory>(r.Category), r.ConcernsChild,
        Enum.Parse<ContactChannel>(c.Channel), c.ReceivedAt, c.JourMode, r.OpenedAt, r.OpenedBy, r.ClosedAt, r.ClosedBy);

    /// <summary>How a case's person is shown: birth date and the last four masked, or "Oidentifierad" with what is known.</summary>
    internal static string Label(JourCaseRow r) =>
        r.PersonId is not null
            ? string.Concat(r.PersonId.AsSpan(0, 8), "-****", r.Name is null ? "" : " " + r.Name)
            : "Oidentifierad" + (r.Name is null ? "" : " " + r.Name) + (r.ApproximateAge is null ? "" : $" (ca {r.ApproximateAge} år)");

    private static JourCaseRow ToCase(PersonConcerned p, int index, DateOnly localDate, JourConfiguration configuration, DateTimeOffset receivedAt, string userId, DateTimeOffset now)
    {
        var field = $"persons[{index}]";
        string? personId = null;
        bool child;
        if (!string.IsNullOrWhiteSpace(p.IdentityNumber))
        {
            var (identity, error) = IdentityNumber.TryParse(p.IdentityNumber, localDate);
            if (identity is null)
            {
                throw new IntakeValidationException(field + ".identityNumber", $"Person {index}: {error}");
            }

            personId = identity.Canonical;
            child = identity.BirthDate is { } born && born.AddYears(18) > localDate;
        }
        else
        {
            if (string.IsNullOrWhiteSpace(p.Name) && p.ApproximateAge is null)
            {
                throw new IntakeValidationException(field, $"Person {index}: ange person- eller samordningsnummer, eller det som är känt (namn, ungefärlig ålder).");
            }

            if (p.ApproximateAge is < 0 or > 120)
            {
                throw new IntakeValidationException(field + ".approximateAge", $"Person {index}: åldern ska vara mellan 0 och 120 år.");
            }

            child = p.ApproximateAge is < 18;
        }

        var code = p.MunicipalityCode?.Trim();
        var municipality = string.IsNullOrEmpty(code) ? null : configuration.Find(code);
        if (municipality is null)
        {
            throw new IntakeValidationException(field + ".municipalityCode", $"Person {index}: ange hemkommun bland jourens kommuner{(string.IsNullOrEmpty(code) ? "" : $" ({code} finns inte)")}.");
        }

        if (!municipality.IsMemberOn(localDate))
        {
            throw new IntakeValidationException(field + ".municipalityCode", $"Person {index}: {municipality.Name} är inte medlem i jouren {localDate:yyyy-MM-dd}.");
        }

        if (p.Category is not { } category || !Enum.IsDefined(category))
        {
            throw new IntakeValidationException(field + ".category", $"Person {index}: ange ärendekategori.");
        }

        return new JourCaseRow
        {
            PersonId = personId,
            Name = Trim(p.Name),
            ApproximateAge = personId is null ? p.ApproximateAge : null,
            MunicipalityCode = municipality.Code,
            Category = category.ToString(),
            ConcernsChild = child || category is CaseCategory.ChildrenAndYouth or CaseCategory.UnaccompaniedMinor,
            OpenedAt = now,
            OpenedBy = userId,
        };
    }

    private static string? Trim(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

/// <summary>The look-up's view of the jour's cases (<see cref="IJourCaseDirectory"/>, defined by the core).</summary>
internal sealed class JourCaseDirectory(IIntakeModule intake, Func<IntakeDbContext> contexts) : IJourCaseDirectory
{
    public async Task<JourCaseInfo?> FindAsync(string caseId, CancellationToken cancellationToken) =>
        await intake.FindCaseAsync(caseId, cancellationToken) is { } c ? ToInfo(c) : null;

    public async Task<IReadOnlyList<JourCaseInfo>> OpenCasesAsync(CancellationToken cancellationToken) =>
        (await intake.OpenCasesAsync(cancellationToken)).Select(ToInfo).ToList();

    public async Task<IReadOnlyList<JourCaseInfo>> ForPersonAsync(string personId, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var rows = await db.Cases.AsNoTracking().Include(c => c.Contact).Where(c => c.PersonId == personId).ToListAsync(cancellationToken);
        return rows.Select(r => ToInfo(IntakeModule.ToView(r, r.Contact!))).ToList();
    }

    private static JourCaseInfo ToInfo(JourCaseView c) =>
        new(c.Id, c.PersonId, c.PersonLabel, c.MunicipalityCode, c.Category.ToString(), c.OpenedAt, c.ClosedAt);
}
