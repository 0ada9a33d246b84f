using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.UnitTests.Tickets;

public sealed class PriorityMatrixTests
{
    [Theory]
    [InlineData(Impact.High, Urgency.High, Priority.Critical)]
    [InlineData(Impact.High, Urgency.Medium, Priority.High)]
    [InlineData(Impact.High, Urgency.Low, Priority.Moderate)]
    [InlineData(Impact.Medium, Urgency.High, Priority.High)]
    [InlineData(Impact.Medium, Urgency.Medium, Priority.Moderate)]
    [InlineData(Impact.Medium, Urgency.Low, Priority.Low)]
    [InlineData(Impact.Low, Urgency.High, Priority.Moderate)]
    [InlineData(Impact.Low, Urgency.Medium, Priority.Low)]
    [InlineData(Impact.Low, Urgency.Low, Priority.Planning)]
    public void Impact_and_urgency_give_the_documented_priority(Impact impact, Urgency urgency, Priority expected) =>
        Assert.Equal(expected, PriorityMatrix.For(impact, urgency));
}
