using System.Text.Json;
using System.Text.Json.Nodes;
using ServiceDesk.Application.Intake;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.UnitTests.Intake;

public class IncidentMessageParserTests
{
    private static readonly string IntakeFolder = Path.Combine(RepositoryRoot(), "functions", "ServiceDesk.Functions", "Intake");

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ServiceDesk.Functions.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }

    private static string Example(string name) => File.ReadAllText(Path.Combine(IntakeFolder, "examples", name));

    private static string Contract(Action<JsonObject>? change = null)
    {
        var node = JsonNode.Parse(Example("firing.json"))!.AsObject();
        change?.Invoke(node);
        return node.ToJsonString();
    }

    private static IntakeRejectedException Rejected(string text) => Assert.Throws<IntakeRejectedException>(() => IncidentMessageParser.Parse(text));

    [Theory]
    [InlineData("firing.json")]
    [InlineData("resolved.json")]
    [InlineData("with-requester.json")]
    [InlineData("azure-monitor-fired.json")]
    [InlineData("azure-monitor-resolved.json")]
    public void Every_documented_example_is_accepted(string example)
    {
        var message = IncidentMessageParser.Parse(Example(example));
        Assert.Equal("contoso", message.CustomerId);
    }

    [Fact]
    public void The_schema_file_and_the_parser_agree_on_properties_and_required_fields()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(IntakeFolder, "incident-message.schema.json")));
        var properties = schema.RootElement.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();
        var required = schema.RootElement.GetProperty("required").EnumerateArray().Select(e => e.GetString()!).ToList();

        Assert.True(properties.SetEquals(IncidentMessageParser.ContractProperties));
        Assert.Equal(IncidentMessageParser.RequiredProperties.Order(), required.Order());
        Assert.False(schema.RootElement.GetProperty("additionalProperties").GetBoolean());
    }

    [Fact]
    public void A_contract_message_maps_severity_to_impact_and_urgency()
    {
        var message = IncidentMessageParser.Parse(Example("firing.json"));

        Assert.Equal(("zabbix-prod", "event-48213"), (message.Source, message.SourceId));
        Assert.Equal((Impact.High, Urgency.Medium), (message.Impact, message.Urgency));
        Assert.Equal(AlertStatus.Firing, message.Status);
        Assert.Equal("fileserver01/disk-d", message.CorrelationKey);
        Assert.Equal(new DateTimeOffset(2025, 11, 20, 8, 15, 0, TimeSpan.Zero), message.OccurredAt);
    }

    [Theory]
    [InlineData("{not json", RejectionReasons.InvalidJson)]
    [InlineData("[]", RejectionReasons.SchemaViolation)]
    [InlineData("{\"schemaVersion\":\"2.0\"}", RejectionReasons.UnsupportedSchemaVersion)]
    [InlineData("{\"schemaId\":\"somethingElse\"}", RejectionReasons.UnsupportedSchemaVersion)]
    [InlineData("{\"title\":\"no version\"}", RejectionReasons.SchemaViolation)]
    public void Malformed_messages_are_rejected_with_a_reason(string text, string reason) =>
        Assert.Equal(reason, Rejected(text).Reason);

    [Fact]
    public void Unknown_properties_missing_fields_and_bad_values_are_all_reported()
    {
        var e = Rejected(Contract(n =>
        {
            n["titel"] = "typo";
            n.Remove("sourceId");
            n["occurredAt"] = "yesterday";
            n["status"] = "flapping";
            n["source"] = "has spaces";
        }));

        Assert.Equal(RejectionReasons.SchemaViolation, e.Reason);
        foreach (var field in new[] { "titel", "sourceId", "occurredAt", "status", "source" })
        {
            Assert.Contains(field, e.Message);
        }
    }

    [Fact]
    public void Severity_and_impact_together_are_refused() =>
        Assert.Contains("not both", Rejected(Contract(n => n["impact"] = "High")).Message);

    [Fact]
    public void A_title_longer_than_tickets_allow_is_refused_before_any_ticket_is_written() =>
        Assert.Contains("title", Rejected(Contract(n => n["title"] = new string('x', 201))).Message);

    [Fact]
    public void Azure_monitor_alerts_map_severity_condition_and_correlate_fired_with_resolved()
    {
        var fired = IncidentMessageParser.Parse(Example("azure-monitor-fired.json"));
        var resolved = IncidentMessageParser.Parse(Example("azure-monitor-resolved.json"));

        Assert.Equal(IncidentMessageParser.AzureMonitorSource, fired.Source);
        Assert.Equal((Impact.High, Urgency.Medium), (fired.Impact, fired.Urgency));
        Assert.Equal(AlertStatus.Firing, fired.Status);
        Assert.Equal(AlertStatus.Resolved, resolved.Status);
        Assert.NotEqual(fired.SourceId, resolved.SourceId);
        Assert.Equal(fired.CorrelationKey, resolved.CorrelationKey);
        Assert.Equal(CorrelationId.For(fired), CorrelationId.For(resolved));
        Assert.Equal("High CPU on web tier on web01", fired.Title);
        Assert.Equal("web01", fired.ConfigurationItem);
        Assert.Equal("Web shop", fired.Service);
        Assert.Equal(new DateTimeOffset(2025, 11, 20, 8, 40, 0, TimeSpan.Zero), resolved.OccurredAt);
    }

    [Fact]
    public void An_azure_monitor_alert_without_the_customer_property_is_rejected()
    {
        var node = JsonNode.Parse(Example("azure-monitor-fired.json"))!;
        node["data"]!["customProperties"] = null;

        Assert.Contains("customerId", Rejected(node.ToJsonString()).Message);
    }
}
