using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ServiceDesk.Application.Knowledge;
using ServiceDesk.Functions.Http;
using ServiceDesk.Functions.Tickets;

namespace ServiceDesk.Functions.Knowledge;

/// <summary>The knowledge base: articles and their lifecycle, search, suggestions while a user writes, feedback; redirect topics.</summary>
public sealed class KnowledgeApi(
    ApiEndpoint endpoint, KnowledgeArticles articles, KnowledgeSearch search, Redirects redirects, TicketRedirects ticketRedirects, Guidance guidance,
    TicketArticles ticketArticles)
{
    [Function("TicketArticleSuggestions")]
    public Task<IActionResult> TicketSuggestions([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "tickets/{number}/suggestions")] HttpRequest req, string number) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(await ticketArticles.SuggestAsync(caller, number, ct)));

    [Function("AddTicketArticle")]
    public Task<IActionResult> AddTicketArticle([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "tickets/{number}/articles")] HttpRequest req, string number) =>
        endpoint.RunAsync(req, async (caller, ct) =>
            ApiResults.Json(TicketResponse.From((await ticketArticles.AddAsync(caller, number, await RequestBody.ReadJsonAsync<TicketArticleInput>(req), ct)).State)));

    [Function("ArticleSolved")]
    public Task<IActionResult> Solved([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "knowledge/articles/{id}/solved")] HttpRequest req, string id) =>
        endpoint.RunAsync(req, async (caller, ct) =>
        {
            await guidance.SolvedAsync(caller, id, await RequestBody.ReadJsonAsync<SolvedInput>(req), ct);
            return new StatusCodeResult(StatusCodes.Status204NoContent);
        });

    [Function("GuidanceStatistics")]
    public Task<IActionResult> Stats([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "knowledge/stats")] HttpRequest req) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(await guidance.StatsAsync(caller,
            req.Query["customerId"].FirstOrDefault(), req.Query["from"].FirstOrDefault(), req.Query["to"].FirstOrDefault(), ct)));

    [Function("CreateArticle")]
    public Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "knowledge/articles")] HttpRequest req) =>
        endpoint.RunAsync(req, async (caller, ct) =>
        {
            var article = await articles.CreateAsync(caller, await RequestBody.ReadJsonAsync<ArticleInput>(req), ct);
            req.HttpContext.Response.Headers.Location = $"/api/knowledge/articles/{article.Id}";
            return ApiResults.Json(article, StatusCodes.Status201Created);
        });

    [Function("ListArticles")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "knowledge/articles")] HttpRequest req) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(new
        {
            items = await articles.ListAsync(caller, req.Query["status"].FirstOrDefault(), req.Query["type"].FirstOrDefault(), ct),
        }));

    [Function("GetArticle")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "knowledge/articles/{id}")] HttpRequest req, string id) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(await articles.GetAsync(caller, id, ct)));

    [Function("UpdateArticle")]
    public Task<IActionResult> Update([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "knowledge/articles/{id}")] HttpRequest req, string id) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(await articles.UpdateAsync(caller, id, await RequestBody.ReadJsonAsync<ArticleInput>(req), ct)));

    [Function("TransitionArticle")]
    public Task<IActionResult> Transition([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "knowledge/articles/{id}/transitions/{action}")] HttpRequest req, string id, string action) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(await articles.TransitionAsync(caller, id, action, ct)));

    [Function("ListArticleVersions")]
    public Task<IActionResult> Versions([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "knowledge/articles/{id}/versions")] HttpRequest req, string id) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(new { items = await articles.VersionsAsync(caller, id, ct) }));

    [Function("ArticleFeedback")]
    public Task<IActionResult> Feedback([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "knowledge/articles/{id}/feedback")] HttpRequest req, string id) =>
        endpoint.RunAsync(req, async (caller, ct) =>
        {
            await articles.FeedbackAsync(caller, id, await RequestBody.ReadJsonAsync<FeedbackInput>(req), ct);
            return new StatusCodeResult(StatusCodes.Status204NoContent);
        });

    [Function("ListArticleFeedback")]
    public Task<IActionResult> ListFeedback([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "knowledge/articles/{id}/feedback")] HttpRequest req, string id) =>
        endpoint.RunAsync(req, async (caller, ct) =>
        {
            var (items, helpful) = await articles.ListFeedbackAsync(caller, id, ct);
            return ApiResults.Json(new { items, helpfulShare = helpful });
        });

    [Function("SearchKnowledge")]
    public Task<IActionResult> Search([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "knowledge/search")] HttpRequest req) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(await search.SearchAsync(caller,
            req.Query["q"].FirstOrDefault(), req.Query["lang"].FirstOrDefault(), req.Query["type"].FirstOrDefault(),
            req.Query["service"].FirstOrDefault(), req.Query["page"].FirstOrDefault(), ct)));

    [Function("SuggestKnowledge")]
    public Task<IActionResult> Suggest([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "knowledge/suggest")] HttpRequest req) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(await search.SuggestAsync(caller, await RequestBody.ReadJsonAsync<SuggestInput>(req), ct)));

    [Function("GetRedirects")]
    public Task<IActionResult> GetRedirects([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "customers/{id}/redirects")] HttpRequest req, string id) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(new { topics = await redirects.GetAsync(caller, id, ct) }));

    [Function("PutRedirects")]
    public Task<IActionResult> PutRedirects([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "customers/{id}/redirects")] HttpRequest req, string id) =>
        endpoint.RunAsync(req, async (caller, ct) =>
            ApiResults.Json(new { topics = await redirects.PutAsync(caller, id, await RequestBody.ReadJsonAsync<RedirectsInput>(req, 1024 * 1024), ct) }));

    [Function("RedirectTicket")]
    public Task<IActionResult> RedirectTicket([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "tickets/{number}/redirect")] HttpRequest req, string number) =>
        endpoint.RunAsync(req, async (caller, ct) =>
        {
            var input = await RequestBody.ReadJsonAsync<RedirectTicketInput>(req);
            return ApiResults.Json(TicketResponse.From((await ticketRedirects.RedirectAsync(caller, number, input.TopicId ?? "", ct)).State));
        });

    public sealed record RedirectTicketInput(string? TopicId);
}
