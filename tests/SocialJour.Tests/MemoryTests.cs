using System.Runtime.CompilerServices;
using Autofac;
using SocialJour.Core.Persistence;

namespace SocialJour.Tests;

/// <summary>
/// Issue 11.2: host memory grew with every request until the host died. What a request creates must be collectable
/// once the request is done; the long soak (tests/soak/memory-soak.sh) measures the whole host.
/// </summary>
public sealed class MemoryTests
{
    [Fact]
    public void A_database_context_a_request_created_and_disposed_is_not_kept_alive_by_the_container()
    {
        using var dir = new TempDir();
        var config = DemoConfig.CopyTo(dir, new Uri("http://127.0.0.1:9/"));
        using var container = CoreHarness.Build(config, dir.File("data"));

        var contexts = Enumerable.Range(0, 20).Select(_ => CreateAndDispose(container)).ToList();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.All(contexts, weak => Assert.False(weak.IsAlive, "a disposed DbContext is still referenced (by the container?)"));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference CreateAndDispose(IContainer container)
    {
        var factory = container.Resolve<Func<CoreDbContext>>();
        using var db = factory();
        _ = db.Model;
        return new WeakReference(db);
    }
}
