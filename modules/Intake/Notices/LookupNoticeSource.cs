using SocialJour.Modules.Lookup.Contracts;

namespace SocialJour.Modules.Intake.Notices;

/// <summary>The look-up's port for notices (<see cref="IPersonNotices"/>): the active notices about the person looked up.</summary>
internal sealed class LookupNoticeSource(NoticeService notices) : IPersonNotices
{
    public async Task<IReadOnlyList<LookupNotice>> ActiveAboutAsync(string personId, CancellationToken cancellationToken) =>
        (await notices.AboutAsync(personId, cancellationToken)).Select(n => new LookupNotice(n.Id, n.MunicipalityCode, n.Text, n.ValidFrom, n.ValidTo, n.Restricts?.ToString())).ToList();
}
