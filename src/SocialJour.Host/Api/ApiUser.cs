using System.Security.Claims;

namespace SocialJour.Host.Api;

/// <summary>The signed-in user as pages and endpoints name it in the logs.</summary>
internal static class ApiUser
{
    public static string UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Name) ?? throw new InvalidOperationException("Inloggad användare saknar namn");
}
