namespace SocialJour.Modules.Assessment.Contracts;

/// <summary>
/// PHASE-1 SEAM (issue 12), to be removed: the cases a municipality received in a period, for the morning handover. The
/// handover's rules live in the Assessment module; only this list of cases comes from outside it, and for now the host
/// provides it from the intake module's entry. In phase 2 the Assessment module keeps its own list of received cases, fed by
/// intake's integration events (CaseOpened, CaseMoved, CaseClosed, NoticeAcknowledged), implements this itself, and the
/// host's implementation is deleted.
/// </summary>
public interface IHandoverCaseSource
{
    /// <summary>The cases of <paramref name="municipalityCode"/> received in [from, to), oldest first.</summary>
    Task<IReadOnlyList<HandoverCaseInfo>> ReceivedAsync(string municipalityCode, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}
