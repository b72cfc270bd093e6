using Microsoft.AspNetCore.Mvc.RazorPages;
using SocialJour.Core;

namespace SocialJour.Host.Pages;

/// <summary>
/// A refusal shown beside the field of the form that sent it: the module's <see cref="ValidationException"/> is recorded in the
/// page's ModelState under "handler.field" (a page has several forms, and two may have a field of the same name).
/// </summary>
internal static class FieldErrors
{
    public static void Record(PageModel page, ValidationException e) =>
        page.ModelState.AddModelError(Key(page.RouteData.Values["handler"] as string ?? page.Request.Query["handler"].ToString(), e.Field), e.Message);

    /// <summary>The message for <paramref name="field"/> of the form posted to <paramref name="handler"/>, or null.</summary>
    public static string? For(PageModel page, string handler, string field) =>
        page.ModelState.TryGetValue(Key(handler, field), out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    private static string Key(string? handler, string field) => $"{handler}.{field}";
}
