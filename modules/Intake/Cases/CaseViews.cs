using SocialJour.Core.Identity;
using SocialJour.Modules.Intake.Contacts;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Modules.Intake.Cases;

/// <summary>How a case row is shown: its view record and the person's label (the identity number masked, and the name).</summary>
internal static class CaseViews
{
    public static JourCaseView ToView(JourCaseRow r, ContactRow c, int unacknowledgedNotices = 0, IReadOnlyList<string>? sameYearSiblings = null) => new(
        CaseIds.Format(r.Id), r.ContactId, r.PersonId, Label(r), r.Name, r.ApproximateAge, r.MunicipalityCode, Enum.Parse<CaseCategory>(r.Category), r.ConcernsChild,
        Enum.Parse<ContactChannel>(c.Channel), c.ReceivedAt, c.JourMode, r.OpenedAt, r.OpenedBy, r.ClosedAt, r.ClosedBy,
        (TriageLevel)r.Triage, r.CallbackDueAt, r.CalledBackAt, r.VisitDueAt, r.OnSiteAt, unacknowledgedNotices, r.Referred, r.ReferralNote,
        r.RegisterStatus is null ? null : new IdentityCheck(r.RegisterStatus, r.RegisterDetail, r.RegisterName, r.RegisterAge, r.RegisterMunicipalityCode,
            Enum.TryParse<Adapters.Contract.ProtectedIdentity>(r.RegisterProtection, out var protection) ? protection : Adapters.Contract.ProtectedIdentity.Unknown),
        Enum.TryParse<CaseClosingReason>(r.ClosingReason, out var reason) ? reason : null, r.ClosingNote,
        r.AnnulledAt, r.DuplicateOfId is { } of ? CaseIds.Format(of) : null, r.AnnulmentReason, r.DuplicateReason,
        sameYearSiblings is { Count: > 0 } ? sameYearSiblings : null);

    /// <summary>
    /// How a case's person is shown: birth date and the last four masked with the name (as typed, else as the population
    /// register gave it), or "Oidentifierad" with what is known.
    /// </summary>
    public static string Label(JourCaseRow r) =>
        r.PersonId is not null
            ? IdentityNumber.Mask(r.PersonId) + ((r.Name ?? r.RegisterName) is { } name ? " " + name : "")
            : "Oidentifierad" + (r.Name is null ? "" : " " + r.Name) + (r.ApproximateAge is null ? "" : $" (ca {r.ApproximateAge} år)");

    /// <summary>The cases of one contact whose persons are children born the same year (<see cref="SiblingRule"/>), by case id.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> SameYearSiblings(IEnumerable<JourCaseRow> casesOfContact, DateOnly day) =>
        SiblingRule.SameYear(casesOfContact.Select(r => new SiblingRule.Person(CaseIds.Format(r.Id), r.PersonId, r.ApproximateAge)).ToList(), day);
}
