using ServiceDesk.Functions.Operations;

namespace ServiceDesk.IntegrationTests.Operations;

/// <summary>Storage URLs in exported spans keep the account and the table, queue or container, never keys or blob names.</summary>
public sealed class StorageUrlRedactionTests
{
    [Theory]
    [InlineData("http://127.0.0.1:10002/devstoreaccount1/MailThrottles(PartitionKey='r%7Canna%40contoso.se',RowKey='h1')?$format=REDACTED",
        "http://127.0.0.1:10002/devstoreaccount1/MailThrottles/…")]
    [InlineData("https://st1.table.core.windows.net/Users(PartitionKey='contoso',RowKey='e%7Canna%40contoso.se')",
        "https://st1.table.core.windows.net/Users/…")]
    [InlineData("https://st1.blob.core.windows.net/mail-raw/anna%40contoso.se/1.eml", "https://st1.blob.core.windows.net/mail-raw/…")]
    [InlineData("https://st1.queue.core.windows.net/mail-outbox/messages?visibilitytimeout=REDACTED", "https://st1.queue.core.windows.net/mail-outbox/…")]
    [InlineData("https://st1.table.core.windows.net/Tables", "https://st1.table.core.windows.net/Tables")]
    [InlineData("not a url anna@contoso.se", "(redacted)")]
    public void Keys_blob_names_and_queries_are_cut(string url, string expected) => Assert.Equal(expected, StorageUrlRedaction.Redact(url));
}
