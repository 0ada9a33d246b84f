using ServiceDesk.Infrastructure.Problems;

namespace ServiceDesk.UnitTests.Problems;

public sealed class AppliedVersionsTests
{
    [Fact]
    public void A_recorded_version_covers_itself_and_older_versions_of_that_ticket_only()
    {
        var applied = new AppliedVersions(10);
        applied.Record("contoso", "INC-000001", 3);

        Assert.True(applied.Covers("contoso", "INC-000001", 3));
        Assert.True(applied.Covers("contoso", "INC-000001", 2));
        Assert.False(applied.Covers("contoso", "INC-000001", 4));
        Assert.False(applied.Covers("contoso", "INC-000002", 1));
        Assert.False(applied.Covers("fabrikam", "INC-000001", 1));

        applied.Record("contoso", "INC-000001", 2); // an older version recorded late does not lower it
        Assert.True(applied.Covers("contoso", "INC-000001", 3));
        applied.Record("contoso", "INC-000001", 5);
        Assert.True(applied.Covers("contoso", "INC-000001", 5));
        Assert.Equal(1, applied.Count);
    }

    [Fact]
    public void The_oldest_tickets_leave_first_when_the_capacity_is_reached()
    {
        var applied = new AppliedVersions(3);
        for (var i = 1; i <= 5; i++)
        {
            applied.Record("contoso", $"INC-{i:D6}", 1);
        }

        Assert.Equal(3, applied.Count);
        Assert.False(applied.Covers("contoso", "INC-000001", 1));
        Assert.False(applied.Covers("contoso", "INC-000002", 1));
        Assert.True(applied.Covers("contoso", "INC-000003", 1));
        Assert.True(applied.Covers("contoso", "INC-000005", 1));
    }

    [Fact]
    public void Forgetting_a_customer_keeps_the_others_and_their_order()
    {
        var applied = new AppliedVersions(3);
        applied.Record("contoso", "INC-000001", 1);
        applied.Record("fabrikam", "INC-000002", 1);
        applied.Record("contoso", "INC-000003", 1);

        applied.Forget("contoso");
        Assert.Equal(1, applied.Count);
        Assert.False(applied.Covers("contoso", "INC-000001", 1));
        Assert.True(applied.Covers("fabrikam", "INC-000002", 1));

        applied.Record("tailspin", "INC-000004", 1);
        applied.Record("tailspin", "INC-000005", 1);
        applied.Record("tailspin", "INC-000006", 1);
        Assert.False(applied.Covers("fabrikam", "INC-000002", 1)); // the oldest left
        Assert.Equal(3, applied.Count);
    }
}
