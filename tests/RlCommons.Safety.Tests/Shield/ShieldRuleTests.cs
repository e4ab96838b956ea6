using RlCommons.Safety.Shield;
using RlCommons.Safety.Tests.TestSupport;

namespace RlCommons.Safety.Tests.Shield;

public sealed class ShieldRuleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void BudgetRule_SpentInPeriod_BlocksUntilNextPeriod()
    {
        var rule = new BudgetRule("budget", 3, TimeSpan.FromDays(1), a => a == 2 ? 2 : 1);
        rule.Record("u", 2, T0);
        Assert.True(rule.Allows("v", 1, T0));
        Assert.False(rule.Allows("v", 2, T0));
        rule.Record("v", 1, T0.AddHours(13.99));

        Assert.False(rule.Allows("w", 1, T0.AddHours(13.99)));
        // Midnight UTC starts a new day.
        Assert.True(rule.Allows("w", 2, T0.AddHours(14)));
    }

    [Fact]
    public void CooldownRule_WithinCooldown_BlocksThatUnitOnly()
    {
        var rule = new CooldownRule("cooldown", TimeSpan.FromHours(24), a => a != 0);
        rule.Record("u", 1, T0);

        Assert.False(rule.Allows("u", 1, T0.AddHours(23.9)));
        Assert.True(rule.Allows("u", 0, T0.AddHours(1)));
        Assert.True(rule.Allows("v", 1, T0.AddHours(1)));
        Assert.True(rule.Allows("u", 1, T0.AddHours(24)));
    }

    [Fact]
    public void ContactFatigueRule_SlidingWindow_CountsOnlyRecentContacts()
    {
        var rule = new ContactFatigueRule("fatigue", 2, TimeSpan.FromDays(7));
        rule.Record("u", 1, T0);
        rule.Record("u", 1, T0.AddDays(3));

        Assert.False(rule.Allows("u", 1, T0.AddDays(6.9)));
        Assert.True(rule.Allows("u", 1, T0.AddDays(7)));
        rule.Record("u", 1, T0.AddDays(7));
        Assert.False(rule.Allows("u", 1, T0.AddDays(9.9)));
        Assert.True(rule.Allows("u", 1, T0.AddDays(10)));
    }

    [Theory]
    // 21:00–08:00 local at UTC+05:30: 15:30 UTC is 21:00 local (quiet), 02:30 UTC is 08:00 local (not quiet).
    [InlineData(15, 29, false)]
    [InlineData(15, 30, true)]
    [InlineData(18, 30, true)]
    [InlineData(23, 0, true)]
    [InlineData(2, 29, true)]
    [InlineData(2, 30, false)]
    public void QuietHoursRule_AcrossMidnightInZone_BlocksLocalNight(int utcHour, int utcMinute, bool quiet)
    {
        var rule = new QuietHoursRule("quiet", TestTimeZones.Plus0530, new TimeOnly(21, 0), new TimeOnly(8, 0));
        var at = new DateTimeOffset(2026, 11, 22, utcHour, utcMinute, 0, TimeSpan.Zero);

        Assert.Equal(quiet, rule.IsQuiet(at));
        Assert.Equal(!quiet, rule.Allows("u", 1, at));
    }

    [Theory]
    // 12:00–14:00 local at UTC−05:00 (17:00–19:00 UTC); the instant's own offset does not matter.
    [InlineData("2026-11-22T16:59:00+00:00", false)]
    [InlineData("2026-11-22T17:00:00+00:00", true)]
    [InlineData("2026-11-22T13:30:00-05:00", true)]
    [InlineData("2026-11-23T00:30:00+05:30", false)]
    [InlineData("2026-11-22T19:00:00+00:00", false)]
    public void QuietHoursRule_SameDayWindow_UsesZoneLocalTime(string instant, bool quiet)
    {
        var rule = new QuietHoursRule("lunch", TestTimeZones.Minus0500, new TimeOnly(12, 0), new TimeOnly(14, 0));

        Assert.Equal(quiet, rule.IsQuiet(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void QuietHoursRule_EqualStartAndEnd_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new QuietHoursRule("q", TimeZoneInfo.Utc, new TimeOnly(8, 0), new TimeOnly(8, 0)));
        Assert.Equal("end", ex.ParamName);
    }

    [Fact]
    public void PredicateRule_UsesPredicate()
    {
        var rule = new PredicateRule("vip-only", (unit, action, _) => action != 3 || unit.StartsWith("vip", StringComparison.Ordinal));

        Assert.True(rule.Allows("vip-1", 3, T0));
        Assert.False(rule.Allows("u-1", 3, T0));
    }
}
