using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SocialJour.Adapters.Contract;
using SocialJour.Core;
using SocialJour.Core.Audit;
using SocialJour.Core.Lookup;
using SocialJour.Core.Persistence;
using SocialJour.Modules.Assessment.Contracts;

namespace SocialJour.Modules.Assessment;

internal sealed class AssessmentModule(
    ModuleDatabase<AssessmentDbContext> database,
    Func<AssessmentDbContext> contexts,
    IJourCaseDirectory cases,
    IClientLookup lookup,
    IAuditLog audit,
    ReportDelivery reports,
    TimeProvider time) : IAssessmentModule
{
    /// <summary>An LVU 6 § order must reach the administrative court within a week.</summary>
    public static readonly TimeSpan CourtWithin = TimeSpan.FromDays(7);

    public string Name => AssessmentDbContext.ModuleName;

    public Task<bool> IsHealthyAsync(CancellationToken cancellationToken) => database.CanConnectAsync(cancellationToken);

    public async Task<ProtectionAssessmentView> AssessProtectionAsync(string caseId, ProtectionAssessmentInput input, string userId, CancellationToken cancellationToken)
    {
        var jourCase = await OpenCaseAsync(caseId, cancellationToken);
        if (!jourCase.ConcernsChild)
        {
            throw new ValidationException("caseId", $"Ärendet {jourCase.Id} gäller inte ett barn; skyddsbedömningen görs i barnets ärende.");
        }

        if (input.Outcome is not { } outcome || !Enum.IsDefined(outcome))
        {
            throw new ValidationException("outcome", "Ange bedömningen: omedelbart skyddsbehov eller inte.");
        }

        if (string.IsNullOrWhiteSpace(input.Reasoning) || input.Reasoning.Trim().Length < 10)
        {
            throw new ValidationException("reasoning", "Motivera bedömningen (minst 10 tecken).");
        }

        var row = new ProtectionAssessmentRow { CaseId = jourCase.Id, Outcome = outcome.ToString(), Reasoning = input.Reasoning.Trim(), AssessedBy = userId, AssessedAt = time.GetUtcNow() };
        await using var db = contexts();
        db.ProtectionAssessments.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(userId, "protection-assessment", jourCase.Id, outcome.ToString(), CancellationToken.None);
        return ToView(row);
    }

    public async Task<IReadOnlyList<ProtectionAssessmentView>> ProtectionAssessmentsAsync(string caseId, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        return (await db.ProtectionAssessments.AsNoTracking().Where(a => a.CaseId == caseId).OrderBy(a => a.Id).ToListAsync(cancellationToken)).Select(ToView).ToList();
    }

    public async Task<ActionView> RecordActionAsync(string caseId, ActionInput input, string userId, CancellationToken cancellationToken)
    {
        var jourCase = await OpenCaseAsync(caseId, cancellationToken);
        if (input.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            throw new ValidationException("kind", "Ange vilken insats som gjorts.");
        }

        var row = new ActionRow { CaseId = jourCase.Id, Kind = kind.ToString(), Note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim(), RecordedBy = userId, RecordedAt = time.GetUtcNow() };
        await using var db = contexts();
        db.Actions.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return new ActionView(row.Id, row.CaseId, kind, row.Note, userId, row.RecordedAt);
    }

    public async Task<DecisionView> DecideAsync(string caseId, DecisionInput input, string userId, CancellationToken cancellationToken)
    {
        var jourCase = await OpenCaseAsync(caseId, cancellationToken);
        if (input.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            throw new ValidationException("kind", "Ange beslutstyp: SoL, LVU 6 §, LVM 13 §, handräckning LVU 43 § eller LVM 45 §.");
        }

        if (string.IsNullOrWhiteSpace(input.Description))
        {
            throw new ValidationException("description", "Beskriv beslutet.");
        }

        var now = time.GetUtcNow();
        string decidedBy = userId;
        string? legalBasisShown = null;
        DateTimeOffset? courtDeadline = null;
        switch (kind)
        {
            case DecisionKind.LvuEmergencyCareOrder:
            case DecisionKind.LvmEmergencyCare:
                decidedBy = string.IsNullOrWhiteSpace(input.DecidedBy)
                    ? throw new ValidationException("decidedBy", "Ange vem som fattade beslutet: nämndens ordförande eller den ledamot nämnden förordnat.")
                    : input.DecidedBy.Trim();
                courtDeadline = kind == DecisionKind.LvuEmergencyCareOrder ? now + CourtWithin : null;
                break;
            case DecisionKind.PoliceAssistanceLvu:
            case DecisionKind.PoliceAssistanceLvm:
                legalBasisShown = await CheckPoliceAssistanceAsync(jourCase, kind, input.LookupId, userId, cancellationToken);
                break;
        }

        var row = new DecisionRow
        {
            CaseId = jourCase.Id,
            Kind = kind.ToString(),
            Description = input.Description.Trim(),
            DecidedBy = decidedBy,
            RegisteredBy = userId,
            DecidedAt = now,
            LegalBasisShown = legalBasisShown,
            CourtDeadline = courtDeadline,
        };
        await using var db = contexts();
        db.Decisions.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(userId, "decision", jourCase.Id, kind + (legalBasisShown is null ? "" : ": " + legalBasisShown), CancellationToken.None);
        return ToView(row);
    }

    public async Task<DecisionView> MarkSubmittedToCourtAsync(long decisionId, string userId, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var row = await db.Decisions.SingleOrDefaultAsync(d => d.Id == decisionId, cancellationToken)
            ?? throw new ValidationException("decisionId", $"Beslutet {decisionId} finns inte.", notFound: true);
        if (row.Kind != nameof(DecisionKind.LvuEmergencyCareOrder))
        {
            throw new ValidationException("decisionId", "Bara beslut om omedelbart omhändertagande (LVU 6 §) underställs förvaltningsrätten.");
        }

        if (row.SubmittedToCourtAt is not null)
        {
            throw new ValidationException("decisionId", "Beslutet är redan underställt förvaltningsrätten.");
        }

        row.SubmittedToCourtAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(userId, "decision.submitted-to-court", row.CaseId, decisionId.ToString(CultureInfo.InvariantCulture), CancellationToken.None);
        return ToView(row);
    }

    public async Task<IReadOnlyList<DecisionView>> CourtSubmissionsDueAsync(DateTimeOffset by, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var kind = nameof(DecisionKind.LvuEmergencyCareOrder);
        var rows = await db.Decisions.AsNoTracking().Where(d => d.Kind == kind && d.SubmittedToCourtAt == null).ToListAsync(cancellationToken);
        return rows.Where(d => d.CourtDeadline <= by).OrderBy(d => d.CourtDeadline).Select(ToView).ToList();
    }

    public async Task<(IReadOnlyList<ActionView> Actions, IReadOnlyList<DecisionView> Decisions)> MeasuresAsync(string caseId, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var actions = await db.Actions.AsNoTracking().Where(a => a.CaseId == caseId).OrderBy(a => a.Id).ToListAsync(cancellationToken);
        var decisions = await db.Decisions.AsNoTracking().Where(d => d.CaseId == caseId).OrderBy(d => d.Id).ToListAsync(cancellationToken);
        return (actions.Select(a => new ActionView(a.Id, a.CaseId, Enum.Parse<ActionKind>(a.Kind), a.Note, a.RecordedBy, a.RecordedAt)).ToList(), decisions.Select(ToView).ToList());
    }

    public Task<ReportView> SubmitReportAsync(string caseId, string? text, string userId, CancellationToken cancellationToken) =>
        reports.SubmitAsync(caseId, text, userId, cancellationToken);

    public async Task<IReadOnlyList<ReportView>> ReportsAsync(string caseId, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        return (await db.Reports.AsNoTracking().Where(r => r.CaseId == caseId).OrderBy(r => r.Id).ToListAsync(cancellationToken)).Select(ReportDelivery.ToView).ToList();
    }

    public Task<int> DeliverDueReportsAsync(CancellationToken cancellationToken) => reports.DeliverDueAsync(cancellationToken);

    public async Task<IReadOnlyList<ReportView>> UndeliveredReportsAsync(DateTimeOffset by, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var delivered = nameof(ReportStatus.Delivered);
        var rows = await db.Reports.AsNoTracking().Where(r => r.Status != delivered).ToListAsync(cancellationToken);
        return rows.Where(r => r.DueAt <= by).OrderBy(r => r.DueAt).Select(ReportDelivery.ToView).ToList();
    }

    public async Task<DeviationView> ReportDeviationAsync(DeviationInput input, string userId, CancellationToken cancellationToken)
    {
        if (input.Category is not { } category || !Enum.IsDefined(category))
        {
            throw new ValidationException("category", "Ange kategori: obesvarat SOS-samtal, fel kommun, personförväxling, tekniskt, handläggning eller klagomål.");
        }

        if (string.IsNullOrWhiteSpace(input.Description) || input.Description.Trim().Length < 10)
        {
            throw new ValidationException("description", "Beskriv vad som hände (minst 10 tecken).");
        }

        var now = time.GetUtcNow();
        if (input.OccurredAt > now.AddMinutes(5))
        {
            throw new ValidationException("occurredAt", "Tidpunkten kan inte ligga i framtiden.");
        }

        string? caseId = null;
        if (!string.IsNullOrWhiteSpace(input.CaseId))
        {
            caseId = (await FindCaseAsync(input.CaseId.Trim(), cancellationToken)).Id;
        }

        var row = new DeviationRow
        {
            Category = category.ToString(),
            Description = input.Description.Trim(),
            OccurredAt = input.OccurredAt ?? now,
            CaseId = caseId,
            MunicipalityCode = string.IsNullOrWhiteSpace(input.MunicipalityCode) ? null : input.MunicipalityCode.Trim(),
            ReportedBy = userId,
            ReportedAt = now,
        };
        await using var db = contexts();
        db.Deviations.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(userId, "deviation.reported", "deviation " + row.Id.ToString(CultureInfo.InvariantCulture), row.Category, CancellationToken.None);
        return ToView(row);
    }

    public async Task<DeviationView> FollowUpDeviationAsync(long id, string? followUp, string userId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(followUp) || followUp.Trim().Length < 10)
        {
            throw new ValidationException("followUp", "Beskriv uppföljningen: vad som utretts och vilka åtgärder som vidtagits (minst 10 tecken).");
        }

        await using var db = contexts();
        var row = await OpenDeviationAsync(db, id, cancellationToken);
        row.FollowUp = followUp.Trim();
        row.FollowedUpBy = userId;
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(userId, "deviation.followed-up", "deviation " + id.ToString(CultureInfo.InvariantCulture), "", CancellationToken.None);
        return ToView(row);
    }

    public async Task<DeviationView> CloseDeviationAsync(long id, string userId, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var row = await OpenDeviationAsync(db, id, cancellationToken);
        if (row.FollowUp is null)
        {
            throw new ValidationException("followUp", "En avvikelse stängs först när uppföljningen är dokumenterad.");
        }

        row.ClosedAt = time.GetUtcNow();
        row.ClosedBy = userId;
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(userId, "deviation.closed", "deviation " + id.ToString(CultureInfo.InvariantCulture), "", CancellationToken.None);
        return ToView(row);
    }

    public async Task<IReadOnlyList<DeviationView>> DeviationsAsync(bool openOnly, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var rows = await db.Deviations.AsNoTracking().Where(d => !openOnly || d.ClosedAt == null).ToListAsync(cancellationToken);
        return rows.OrderBy(d => d.ClosedAt is not null).ThenByDescending(d => d.OccurredAt).Select(ToView).ToList();
    }

    private static async Task<DeviationRow> OpenDeviationAsync(AssessmentDbContext db, long id, CancellationToken cancellationToken)
    {
        var row = await db.Deviations.SingleOrDefaultAsync(d => d.Id == id, cancellationToken)
            ?? throw new ValidationException("id", $"Avvikelsen {id} finns inte.", notFound: true);
        return row.ClosedAt is null ? row : throw new ValidationException("id", $"Avvikelsen {id} är redan stängd.");
    }

    private static DeviationView ToView(DeviationRow r) => new(r.Id, Enum.Parse<DeviationCategory>(r.Category), r.Description, r.OccurredAt, r.CaseId, r.MunicipalityCode,
        r.ReportedBy, r.ReportedAt, r.FollowUp, r.FollowedUpBy, r.ClosedAt, r.ClosedBy);

    public async Task<TimeSpent> RecordTimeAsync(string caseId, TimeEntryInput input, string userId, CancellationToken cancellationToken)
    {
        var jourCase = await FindCaseAsync(caseId, cancellationToken);
        if (input.Minutes is not (> 0 and <= 24 * 60))
        {
            throw new ValidationException("minutes", "Ange tid i minuter (1–1440).");
        }

        await using var db = contexts();
        db.TimeEntries.Add(new TimeEntryRow { CaseId = jourCase.Id, UserId = userId, Minutes = input.Minutes.Value, Note = input.Note, RecordedAt = time.GetUtcNow() });
        await db.SaveChangesAsync(cancellationToken);
        var total = await db.TimeEntries.Where(t => t.CaseId == jourCase.Id && t.UserId == userId).SumAsync(t => t.Minutes, cancellationToken);
        return new TimeSpent(jourCase.Id, userId, total);
    }

    public async Task<IReadOnlyList<TimeSpent>> TimeSpentAsync(string caseId, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var rows = await db.TimeEntries.AsNoTracking().Where(t => t.CaseId == caseId).ToListAsync(cancellationToken);
        return rows.GroupBy(t => t.UserId).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new TimeSpent(caseId, g.Key, g.Sum(t => t.Minutes))).ToList();
    }

    /// <summary>
    /// Police assistance is lawful only for care under LVU (43 §) or LVM (45 §). The legal basis comes from the caller's recent
    /// journal look-up of the case's person, or from the jour's own emergency care decision in this case. A placement under
    /// SoL stops the decision with the reason (the 2017 deviation); so does an incomplete look-up that shows no such care.
    /// </summary>
    private async Task<string> CheckPoliceAssistanceAsync(JourCaseInfo jourCase, DecisionKind kind, string? lookupId, string userId, CancellationToken cancellationToken)
    {
        var (required, law, emergency) = kind == DecisionKind.PoliceAssistanceLvu
            ? (LegalBasis.LVU, "LVU 43 §", nameof(DecisionKind.LvuEmergencyCareOrder))
            : (LegalBasis.LVM, "LVM 45 §", nameof(DecisionKind.LvmEmergencyCare));
        await using (var db = contexts())
        {
            var own = await db.Decisions.AsNoTracking().Where(d => d.CaseId == jourCase.Id && d.Kind == emergency).OrderByDescending(d => d.Id).FirstOrDefaultAsync(cancellationToken);
            if (own is not null)
            {
                return $"jourens eget beslut om {(required == LegalBasis.LVU ? "omedelbart omhändertagande enligt LVU 6 §" : "omedelbart omhändertagande enligt LVM 13 §")} {own.DecidedAt:yyyy-MM-dd HH:mm} UTC, fattat av {own.DecidedBy}";
            }
        }

        var result = string.IsNullOrWhiteSpace(lookupId) ? null : await lookup.RecentAsync(lookupId, userId, cancellationToken);
        if (result is null)
        {
            throw new ValidationException("lookupId", $"Handräckning enligt {law}: gör först ett uppslag i kommunernas journaler för personen (det sparas 15 minuter), så att placeringens lagrum syns.");
        }

        if (jourCase.PersonId is null || result.PersonId != jourCase.PersonId)
        {
            throw new ValidationException("lookupId", "Uppslaget gäller inte ärendets person.");
        }

        var current = result.Placements.Where(p => p.Current).ToList();
        if (current.FirstOrDefault(p => p.LegalBasis == required) is { } lawful)
        {
            return $"{lawful.Type} enligt {required} i {lawful.MunicipalityName} sedan {lawful.From:yyyy-MM-dd} (uppslag {result.AccessLogSequence.ToString(CultureInfo.InvariantCulture)})";
        }

        if (current.FirstOrDefault(p => p.LegalBasis == LegalBasis.SoL) is { } voluntary)
        {
            throw new ValidationException("lookupId",
                $"STOPP: personen är placerad enligt SoL (frivilligt) – {voluntary.Type} i {voluntary.MunicipalityName} sedan {voluntary.From:yyyy-MM-dd}. " +
                $"Handräckning enligt {law} saknar laglig grund. Det krävs först ett beslut om vård enligt {required} (t.ex. omedelbart omhändertagande).");
        }

        if (!result.Complete)
        {
            throw new ValidationException("lookupId",
                $"STOPP: svaret från kommunerna är ofullständigt ({string.Join(", ", result.Missing.Select(m => m.MunicipalityName))} saknas); att vården sker enligt {required} kan inte bekräftas.");
        }

        throw new ValidationException("lookupId", $"STOPP: ingen pågående vård enligt {required} finns i kommunernas journaler eller i ärendet. Handräckning enligt {law} saknar laglig grund.");
    }

    private async Task<JourCaseInfo> FindCaseAsync(string caseId, CancellationToken cancellationToken) =>
        await cases.FindAsync(caseId, cancellationToken) ?? throw new ValidationException("caseId", $"Ärendet {caseId} finns inte.", notFound: true);

    private async Task<JourCaseInfo> OpenCaseAsync(string caseId, CancellationToken cancellationToken)
    {
        var jourCase = await FindCaseAsync(caseId, cancellationToken);
        return jourCase.IsOpen ? jourCase : throw new ValidationException("caseId", $"Ärendet {jourCase.Id} är avslutat.");
    }

    private static ProtectionAssessmentView ToView(ProtectionAssessmentRow r) =>
        new(r.Id, r.CaseId, Enum.Parse<ProtectionOutcome>(r.Outcome), r.Reasoning, r.AssessedBy, r.AssessedAt);

    private static DecisionView ToView(DecisionRow r) =>
        new(r.Id, r.CaseId, Enum.Parse<DecisionKind>(r.Kind), r.Description, r.DecidedBy, r.RegisteredBy, r.DecidedAt, r.LegalBasisShown, r.CourtDeadline, r.SubmittedToCourtAt);
}

/// <summary>A case concerning a child cannot be closed without a documented protection assessment.</summary>
internal sealed class ProtectionAssessmentGuard(Func<AssessmentDbContext> contexts) : ICaseCloseGuard
{
    public async Task<string?> WhyNotClosableAsync(JourCaseInfo jourCase, CancellationToken cancellationToken)
    {
        if (!jourCase.ConcernsChild)
        {
            return null;
        }

        await using var db = contexts();
        return await db.ProtectionAssessments.AnyAsync(a => a.CaseId == jourCase.Id, cancellationToken)
            ? null
            : $"Ärendet {jourCase.Id} gäller ett barn: dokumentera den omedelbara skyddsbedömningen innan ärendet avslutas.";
    }
}
