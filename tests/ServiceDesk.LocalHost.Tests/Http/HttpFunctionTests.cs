using System.Net;
using System.Text.Json;
using ServiceDesk.EndToEndTests.Infrastructure;

namespace ServiceDesk.LocalHost.Tests.Http;

[Collection(LocalHostCollection.Name)]
public sealed class HttpFunctionTests(LocalHostFixture fixture)
{
    [Fact]
    public async Task Health_answers_200_through_the_route_prefix()
    {
        using var response = await fixture.Client.GetAsync("api/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Route_values_bind_to_string_and_int_parameters_and_FunctionContext_is_usable()
    {
        using var response = await fixture.Client.GetAsync("api/e2e/echo/hello/42");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("hello", body.RootElement.GetProperty("word").GetString());
        Assert.Equal(42, body.RootElement.GetProperty("count").GetInt32());
        Assert.Equal("SampleEcho", body.RootElement.GetProperty("function").GetString());
        Assert.True(Guid.TryParse(body.RootElement.GetProperty("invocationId").GetString(), out _));
    }

    [Fact]
    public async Task Route_constraints_and_methods_are_honoured()
    {
        using var notAnInt = await fixture.Client.GetAsync("api/e2e/echo/hello/many");
        Assert.Equal(HttpStatusCode.NotFound, notAnInt.StatusCode);

        using var wrongMethod = await fixture.Client.PostAsync("api/e2e/echo/hello/1", null);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);

        using var noPrefix = await fixture.Client.GetAsync("e2e/echo/hello/1");
        Assert.Equal(HttpStatusCode.NotFound, noPrefix.StatusCode);
    }

    [Fact]
    public async Task A_function_that_throws_gives_500_problem_details_with_its_invocation_id_and_the_host_keeps_serving()
    {
        using var failed = await fixture.Client.GetAsync("api/e2e/throws");
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal("application/problem+json", failed.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await failed.Content.ReadAsStringAsync());
        Assert.True(Guid.TryParse(problem.RootElement.GetProperty("invocationId").GetString(), out _));
        Assert.DoesNotContain("Sample failure", problem.RootElement.GetRawText());

        using var next = await fixture.Client.GetAsync("api/e2e/echo/still/1");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }
}
