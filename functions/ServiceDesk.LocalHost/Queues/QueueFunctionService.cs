using System.Reflection;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ServiceDesk.LocalHost.Configuration;
using ServiceDesk.LocalHost.Discovery;
using ServiceDesk.LocalHost.Invocation;

namespace ServiceDesk.LocalHost.Queues;

/// <summary>
/// Storage queue listeners with the real host's semantics: base64 message bodies, messages fetched in batches of
/// <c>batchSize</c> and processed in parallel, deleted on success; on failure made visible again after
/// <c>visibilityTimeout</c>, and after <c>maxDequeueCount</c> attempts moved to <c>&lt;queue&gt;-poison</c>.
/// Polling backs off exponentially to <c>maxPollingInterval</c> while the queue is empty.
/// </summary>
public sealed class QueueFunctionService(
    IReadOnlyList<FunctionDescriptor> functions,
    HostSettings settings,
    IServiceScopeFactory scopes,
    FunctionInvoker invoker,
    IConfiguration configuration,
    ILogger<QueueFunctionService> logger) : BackgroundService
{
    /// <summary>How long a fetched message stays invisible while its function runs (the real host also uses 10 minutes).</summary>
    private static readonly TimeSpan ProcessingVisibility = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);
    private static readonly JsonSerializerOptions PocoOptions = new(JsonSerializerDefaults.Web);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(functions.Where(f => f.Trigger is QueueTriggerBinding).Select(f => ListenAsync(f, stoppingToken)));

    private async Task ListenAsync(FunctionDescriptor function, CancellationToken stoppingToken)
    {
        await Task.Yield();
        var trigger = (QueueTriggerBinding)function.Trigger;
        QueueClient queue, poison;
        try
        {
            var name = AppSettingExpressions.Resolve(trigger.QueueName, configuration).ToLowerInvariant();
            var connection = StorageConnections.Resolve(trigger.Connection, configuration);
            queue = new QueueClient(connection, name);
            poison = new QueueClient(connection, name + "-poison");
            await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (Exception ex)
        {
            logger.LogError("Queue trigger '{FunctionName}' is disabled: {Reason}", function.Name, ex.Message);
            return;
        }

        logger.LogInformation("Queue trigger '{FunctionName}' listening on '{Queue}'", function.Name, queue.Name);
        var delay = MinPollingInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                QueueMessage[] messages = await queue.ReceiveMessagesAsync(settings.QueueBatchSize, ProcessingVisibility, stoppingToken);
                if (messages.Length == 0)
                {
                    await Task.Delay(delay, stoppingToken);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, settings.QueueMaxPollingInterval.Ticks));
                    continue;
                }
                delay = MinPollingInterval;
                await Task.WhenAll(messages.Select(m => ProcessAsync(function, queue, poison, m, stoppingToken)));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning("Polling queue '{Queue}' failed, retrying: {Reason}", queue.Name, ex.Message);
                await Task.Delay(settings.QueueMaxPollingInterval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task ProcessAsync(FunctionDescriptor function, QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken stoppingToken)
    {
        byte[] body;
        try
        {
            body = Convert.FromBase64String(message.MessageText);
        }
        catch (FormatException)
        {
            logger.LogError("Message {MessageId} on '{Queue}' is not base64-encoded; moving it to '{Poison}'", message.MessageId, queue.Name, poison.Name);
            await MoveToPoisonAsync(queue, poison, message, stoppingToken);
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var context = new LocalFunctionContext(function, scope.ServiceProvider, stoppingToken);
        try
        {
            await invoker.InvokeAsync(function, context, (parameter, _) => Bind(function, parameter, message, body));
        }
        catch (Exception) when (!stoppingToken.IsCancellationRequested)
        {
            // Logged by the invoker with the invocation id.
            if (message.DequeueCount >= settings.QueueMaxDequeueCount)
            {
                logger.LogWarning("Message {MessageId} failed {DequeueCount} times; moving it to '{Poison}'", message.MessageId, message.DequeueCount, poison.Name);
                await MoveToPoisonAsync(queue, poison, message, stoppingToken);
            }
            else
            {
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: settings.QueueVisibilityTimeout, cancellationToken: stoppingToken);
            }
            return;
        }
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken);
    }

    private static async Task MoveToPoisonAsync(QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken cancellationToken)
    {
        await poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await poison.SendMessageAsync(message.MessageText, cancellationToken);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
    }

    private static ValueTask<(bool, object?)> Bind(FunctionDescriptor function, ParameterInfo parameter, QueueMessage message, byte[] body)
    {
        var type = parameter.ParameterType;
        if (function.IsTrigger(parameter))
        {
            object? value =
                type == typeof(string) ? Encoding.UTF8.GetString(body) :
                type == typeof(BinaryData) ? BinaryData.FromBytes(body) :
                type == typeof(byte[]) ? body :
                type == typeof(QueueMessage) ? message :
                JsonSerializer.Deserialize(body, type, PocoOptions);
            return ValueTask.FromResult<(bool, object?)>((true, value));
        }
        // Binding data available by parameter name, as in the real queue trigger.
        (bool, object?) result = parameter.Name switch
        {
            "id" when type == typeof(string) => (true, message.MessageId),
            "dequeueCount" when type == typeof(long) => (true, message.DequeueCount),
            "dequeueCount" when type == typeof(int) => (true, (int)message.DequeueCount),
            "popReceipt" when type == typeof(string) => (true, message.PopReceipt),
            "insertionTime" when type == typeof(DateTimeOffset) || type == typeof(DateTimeOffset?) => (true, message.InsertedOn),
            _ => (false, null),
        };
        return ValueTask.FromResult(result);
    }
}
