using ServiceDesk.Application.Workflows;

namespace ServiceDesk.UnitTests.Workflows;

public sealed class VendorReplyKindTests
{
    private static VendorCase Case(VendorCaseStatus status) => new()
    {
        TicketNumber = "INC-000001", CustomerId = "c", VendorId = "v", VendorName = "V", InstanceId = "vendor-INC-000001", Status = status,
    };

    [Theory]
    [InlineData(VendorCaseStatus.Dispatched, "Re: case [#INC-000001]", "Thanks, registered as VX-1.", VendorEvent.Acknowledged)]
    [InlineData(VendorCaseStatus.Acknowledged, "Re: case [#INC-000001]", "Technician booked for Monday.", VendorEvent.Update)]
    [InlineData(VendorCaseStatus.Acknowledged, "Re: case [#INC-000001]", "\n  Resolved: the switch was replaced.", VendorEvent.Resolved)]
    [InlineData(VendorCaseStatus.Dispatched, "VX-1 löst", "Bytt.", VendorEvent.Resolved)]
    [InlineData(VendorCaseStatus.Acknowledged, "Re: case", "Not resolved yet, parts are on order.", VendorEvent.Update)]
    [InlineData(VendorCaseStatus.Acknowledged, "Re: case", "Still working on it.\nIt will be resolved tomorrow.", VendorEvent.Update)]
    public void The_first_line_or_subject_decides_resolution_and_the_first_other_reply_acknowledges(VendorCaseStatus status, string subject, string text, string expected) =>
        Assert.Equal(expected, WorkflowMailRouting.KindOf(Case(status), subject, text));
}
