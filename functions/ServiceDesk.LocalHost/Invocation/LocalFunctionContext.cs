using System.Collections.Immutable;
using Microsoft.Azure.Functions.Worker;
using ServiceDesk.LocalHost.Discovery;

namespace ServiceDesk.LocalHost.Invocation;

/// <summary>
/// A minimal <see cref="FunctionContext"/>: invocation id, function definition, the invocation's service scope
/// and cancellation token. Enough for <c>GetLogger</c>, <c>InstanceServices</c> and <c>GetHttpContext</c>.
/// </summary>
public sealed class LocalFunctionContext : FunctionContext
{
    /// <summary>The Items key the ASP.NET Core integration uses for the HttpContext (read by GetHttpContext()).</summary>
    internal const string HttpContextItemKey = "HttpRequestContext";

    public LocalFunctionContext(FunctionDescriptor function, IServiceProvider services, CancellationToken cancellationToken)
    {
        InvocationId = Guid.NewGuid().ToString();
        FunctionDefinition = new LocalFunctionDefinition(function);
        InstanceServices = services;
        CancellationToken = cancellationToken;
    }

    public override string InvocationId { get; }
    public override string FunctionId => FunctionDefinition.Id;
    public override TraceContext TraceContext { get; } = new LocalTraceContext();
    public override BindingContext BindingContext { get; } = new LocalBindingContext();
    public override RetryContext RetryContext => null!;
    public override IServiceProvider InstanceServices { get; set; }
    public override FunctionDefinition FunctionDefinition { get; }
    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();
    public override IInvocationFeatures Features { get; } = new LocalInvocationFeatures();
    public override CancellationToken CancellationToken { get; }

    private sealed class LocalTraceContext : TraceContext
    {
        public override string TraceParent => string.Empty;
        public override string TraceState => string.Empty;
    }

    private sealed class LocalBindingContext : BindingContext
    {
        public override IReadOnlyDictionary<string, object?> BindingData { get; } = new Dictionary<string, object?>();
    }

    private sealed class LocalInvocationFeatures : IInvocationFeatures
    {
        private readonly Dictionary<Type, object> _features = new();

        public T? Get<T>() => _features.TryGetValue(typeof(T), out var value) ? (T)value : default;

        public void Set<T>(T instance)
        {
            if (instance is null) _features.Remove(typeof(T));
            else _features[typeof(T)] = instance;
        }

        public IEnumerator<KeyValuePair<Type, object>> GetEnumerator() => _features.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private sealed class LocalFunctionDefinition(FunctionDescriptor function) : FunctionDefinition
    {
        public override ImmutableArray<FunctionParameter> Parameters { get; } =
            function.Method.GetParameters().Select(p => new FunctionParameter(p.Name!, p.ParameterType)).ToImmutableArray();
        public override string PathToAssembly => function.Method.DeclaringType!.Assembly.Location;
        public override string EntryPoint => function.EntryPoint;
        public override string Id => function.Name;
        public override string Name => function.Name;
        public override IImmutableDictionary<string, BindingMetadata> InputBindings { get; } = ImmutableDictionary<string, BindingMetadata>.Empty;
        public override IImmutableDictionary<string, BindingMetadata> OutputBindings { get; } = ImmutableDictionary<string, BindingMetadata>.Empty;
    }
}
