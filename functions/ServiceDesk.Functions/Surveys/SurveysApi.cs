using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ServiceDesk.Application.Surveys;
using ServiceDesk.Functions.Http;

namespace ServiceDesk.Functions.Surveys;

/// <summary>A resolved ticket's satisfaction survey: read by whoever may see the ticket, answered by its requester.</summary>
public sealed class SurveysApi(ApiEndpoint endpoint, Application.Surveys.Surveys surveys)
{
    [Function("GetTicketSurvey")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "tickets/{number}/survey")] HttpRequest req, string number) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(await surveys.GetAsync(caller, number, ct)));

    [Function("AnswerTicketSurvey")]
    public Task<IActionResult> Put([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "tickets/{number}/survey")] HttpRequest req, string number) =>
        endpoint.RunAsync(req, async (caller, ct) =>
        {
            var input = await RequestBody.ReadJsonAsync<SurveyInput>(req);
            return ApiResults.Json(await surveys.AnswerAsync(caller, number, input, ct));
        });
}
