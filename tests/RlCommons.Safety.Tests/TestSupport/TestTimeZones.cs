namespace RlCommons.Safety.Tests.TestSupport;

/// <summary>Fixed-offset zones built in code, so the tests do not depend on the machine's tz database.</summary>
internal static class TestTimeZones
{
    public static TimeZoneInfo Plus0530 { get; } = TimeZoneInfo.CreateCustomTimeZone("Test/Plus0530", TimeSpan.FromMinutes(330), "Test +05:30", "Test +05:30");

    public static TimeZoneInfo Minus0500 { get; } = TimeZoneInfo.CreateCustomTimeZone("Test/Minus0500", TimeSpan.FromHours(-5), "Test -05:00", "Test -05:00");
}
