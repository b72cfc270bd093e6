using Autofac;
using Microsoft.AspNetCore.Routing;
using SocialJour.Core.Modules;
using SocialJour.Modules.Lookup.Contracts;
using SocialJour.Modules.Lookup.Endpoints;

namespace SocialJour.Modules.Lookup;

/// <summary>
/// Registers the Lookup module (ADR 0032): the cross-municipality look-up with need-to-know, protection, emergency openings
/// and reveal (<see cref="IClientLookup"/>), the access log's extracts, and their endpoints (/api/lookups,
/// /api/emergency-openings, /api/access-log, /api/transparency). The module has no database of its own: the access log,
/// the retained answers, the emergency openings and the transparency log are the core's storage building blocks.
/// The host discovers it and registers nothing else of the module.
/// </summary>
public sealed class LookupAutofacModule : SocialJourModule
{
    public override string Name => "Lookup";

    public override void MapEndpoints(IEndpointRouteBuilder routes)
    {
        LookupEndpoints.Map(routes);
        TransparencyEndpoints.Map(routes);
    }

    protected override void Load(ContainerBuilder builder)
    {
        builder.RegisterType<NeedToKnow>().AsSelf().SingleInstance();
        builder.RegisterType<AccessLogExtracts>().AsSelf().SingleInstance();
        builder.RegisterType<ClientLookup>().AsSelf().As<IClientLookup>().SingleInstance();
    }
}
