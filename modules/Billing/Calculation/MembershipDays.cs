namespace SocialJour.Modules.Billing.Calculation;

/// <summary>
/// Days of membership in a year. Membership is [Joined, Left): the day a municipality joins counts, the day it leaves does
/// not (as <c>Municipality.IsMemberOn</c>). Lomma, joined 2021-03-18: 289 of 365 days; Staffanstorp, left 2021-10-01: 273.
/// </summary>
internal static class MembershipDays
{
    public static int DaysInYear(int year) => DateTime.IsLeapYear(year) ? 366 : 365;

    /// <summary>How many days of <paramref name="year"/> the municipality was a member (0: not a member on any day).</summary>
    public static int InYear(DateOnly joined, DateOnly? left, int year)
    {
        var first = new DateOnly(year, 1, 1);
        var afterLast = new DateOnly(year + 1, 1, 1);
        var from = joined > first ? joined : first;
        var to = left is { } l && l < afterLast ? l : afterLast;
        return to > from ? to.DayNumber - from.DayNumber : 0;
    }
}
