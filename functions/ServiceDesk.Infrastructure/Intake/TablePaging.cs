using Azure;
using Azure.Data.Tables;
using ServiceDesk.Application.Common;

namespace ServiceDesk.Infrastructure.Intake;

/// <summary>One page of a query, with the storage continuation token; a token that does not decode is a 400.</summary>
internal static class TablePaging
{
    public static async Task<Azure.Page<TableEntity>> FirstPageAsync(
        TableClient client, string filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var page in client.QueryAsync<TableEntity>(filter, pageSize, cancellationToken: cancellationToken)
                               .AsPages(continuationToken, pageSize))
            {
                return page;
            }
        }
        catch (Exception e) when (continuationToken is not null && (e is ArgumentException || e is RequestFailedException { Status: 400 }))
        {
            throw ValidationException.For("continuationToken", FieldRule.Invalid, "The continuation token is not valid. Use the token from the previous page as it was returned.");
        }
        return Azure.Page<TableEntity>.FromValues([], null, null!);
    }
}
