using Microsoft.EntityFrameworkCore;
using SocialJour.Core;
using SocialJour.Core.Calendar;
using SocialJour.Core.Events;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Intake.Cases;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Modules.Intake.CaseFile;

/// <summary>
/// The case's running notes (the working file): timestamped by the server, signed by the user, never edited or deleted
/// (a correction is a new note). A note may be added to a closed case too (a late call, the home municipality's receipt);
/// the note is in the audit log as written, without its text (the text is personal data and stays in the case).
/// </summary>
internal sealed class CaseNotes(Func<IntakeDbContext> contexts, IOutbox<IntakeDbContext> outbox, JourClock clock)
{
    public async Task<CaseNoteView> AddAsync(string caseId, string? text, string userId, CancellationToken cancellationToken)
    {
        var trimmed = FreeText.Required("text", "Anteckningen", text, TextKind.Note, "Skriv vad som hänt eller gjorts, med ord.");
        await using var db = contexts();
        var row = await CaseQueries.FindRowAsync(db, caseId, cancellationToken);
        var note = new CaseNoteRow { CaseId = row.Id, Text = trimmed, WrittenBy = userId, WrittenAt = clock.UtcNow, AfterClosing = row.ClosedAt is not null };
        db.CaseNotes.Add(note);
        db.Audit(userId, "case.note-added", CaseIds.Format(row.Id), note.AfterClosing ? "efter avslut" : "");
        await outbox.SaveAndDispatchAsync(db, cancellationToken);
        return ToView(note);
    }

    public async Task<IReadOnlyList<CaseNoteView>> OfCaseAsync(string caseId, CancellationToken cancellationToken)
    {
        if (CaseIds.Parse(caseId) is not { } id)
        {
            throw new ValidationException("caseId", $"Ärendet {caseId} finns inte.", notFound: true);
        }

        await using var db = contexts();
        var rows = await db.CaseNotes.AsNoTracking().Where(n => n.CaseId == id).OrderBy(n => n.Id).ToListAsync(cancellationToken);
        return rows.Select(ToView).ToList();
    }

    private static CaseNoteView ToView(CaseNoteRow r) => new(r.Id, CaseIds.Format(r.CaseId), r.Text, r.WrittenBy, r.WrittenAt, r.AfterClosing);
}
