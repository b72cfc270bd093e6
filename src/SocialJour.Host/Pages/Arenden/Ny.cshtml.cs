using SocialJour.Core.Calendar;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SocialJour.Core;
using SocialJour.Core.Configuration;
using SocialJour.Host.Api;
using SocialJour.Modules.Intake;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Host.Pages.Arenden;

internal sealed class PersonInput
{
    public string? IdentityNumber { get; set; }

    public string? Name { get; set; }

    public int? ApproximateAge { get; set; }

    public string? MunicipalityCode { get; set; }

    public CaseCategory? Category { get; set; }

    public TriageLevel? Triage { get; set; }

    public IdentityCheck? Check { get; set; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(IdentityNumber) && string.IsNullOrWhiteSpace(Name) && ApproximateAge is null;
}

internal sealed class NewContactModel(IIntakeModule intake, IMunicipalityRegistry registry, JourClock clock) : PageModel
{
    public const int PersonRows = 4;

    [BindProperty]
    public ContactChannel? Channel { get; set; }

    [BindProperty]
    public string? ReceivedAt { get; set; }

    [BindProperty]
    public string? Caller { get; set; }

    [BindProperty]
    public string? Situation { get; set; }

    [BindProperty]
    public List<PersonInput> Persons { get; set; } = [];

    /// <summary>Why a new case is registered although a person has an open or recent case (asked only when there is one).</summary>
    [BindProperty]
    public string? DuplicateReason { get; set; }

    /// <summary>The open or recent cases the persons already have: use one, or register anew with <see cref="DuplicateReason"/>.</summary>
    public IReadOnlyList<DuplicateCandidate> Candidates { get; private set; } = [];

    public TimeZoneInfo Zone => registry.Current.Jour.TimeZone;

    public string? Error { get; private set; }

    public IReadOnlyList<Municipality> Members { get; private set; } = [];

    public string MunicipalityName(string code) => Presentation.MunicipalityName(registry.Current, code);

    /// <summary>Every other Swedish municipality: a case for a non-member is registered and referred.</summary>
    public IEnumerable<KeyValuePair<string, string>> Others => MunicipalityCodes.ShortNames.Where(m => Members.All(x => x.Code != m.Key))
        .OrderBy(m => m.Value, StringComparer.Create(new System.Globalization.CultureInfo("sv-SE"), false));

    public void OnGet() => Prepare();

    /// <summary>"Kontrollera": shows what the population register says beside each number, and fills in the home municipality.</summary>
    public async Task<IActionResult> OnPostCheckAsync(CancellationToken ct)
    {
        foreach (var p in Persons.Where(p => !string.IsNullOrWhiteSpace(p.IdentityNumber)))
        {
            try
            {
                p.Check = await intake.CheckIdentityAsync(new IdentityCheckRequest(p.IdentityNumber, Purpose: IdentityCheckRequest.ContactRegistration), ApiUser.UserId(User), ct);
                if (string.IsNullOrEmpty(p.MunicipalityCode) && p.Check.MunicipalityCode is { } home)
                {
                    p.MunicipalityCode = home;
                }
            }
            catch (ValidationException e)
            {
                p.Check = new IdentityCheck("Invalid", e.Message, null, null, null, SocialJour.Adapters.Contract.ProtectedIdentity.Unknown);
            }
        }

        Prepare();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var zone = registry.Current.Jour.TimeZone;
        DateTimeOffset? received = null;
        if (!string.IsNullOrWhiteSpace(ReceivedAt))
        {
            if (!DateTime.TryParseExact(ReceivedAt, "yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var local))
            {
                Error = $"'{ReceivedAt}' är ingen tidpunkt (ÅÅÅÅ-MM-DD TT:MM).";
                Prepare();
                return Page();
            }

            received = new DateTimeOffset(local, zone.GetUtcOffset(local));
        }

        try
        {
            var registered = await intake.RegisterContactAsync(
                new ContactRegistration(Channel, received, Caller, Situation,
                    Persons.Where(p => !p.IsEmpty).Select(p => new PersonConcerned(p.IdentityNumber, p.Name, p.ApproximateAge, p.MunicipalityCode, p.Category, p.Triage)).ToList(),
                    DuplicateReason),
                ApiUser.UserId(User), ct);
            var siblings = registered.Cases.Where(c => c.SameYearSiblings is not null).Select(c => c.Id).ToList();
            TempData["Message"] = $"Kontakten är registrerad: {string.Join(", ", registered.Cases.Select(c => c.Id + " " + c.PersonLabel))}."
                + (siblings.Count > 0 ? $" Obs: syskon födda samma år – kontrollera personnumret ({string.Join(", ", siblings)})." : "");
            return RedirectToPage("/Arenden/Index");
        }
        catch (PossibleDuplicateException e)
        {
            // Nothing is registered: everything typed stays in the form, with the cases to use or the reason to give.
            Candidates = e.Candidates;
            Error = e.ReasonProblem;
            Prepare();
            return Page();
        }
        catch (ValidationException e)
        {
            Error = e.Message;
            Prepare();
            return Page();
        }
    }

    private void Prepare()
    {
        var configuration = registry.Current;
        Members = configuration.MembersOn(JourClock.LocalDate(clock.UtcNow, configuration.Jour.TimeZone))
            .OrderBy(m => m.Name, StringComparer.Create(new System.Globalization.CultureInfo("sv-SE"), false)).ToList();
        while (Persons.Count < PersonRows)
        {
            Persons.Add(new PersonInput());
        }

        ReceivedAt ??= JourClock.ToLocal(clock.UtcNow, configuration.Jour.TimeZone).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);
    }
}
