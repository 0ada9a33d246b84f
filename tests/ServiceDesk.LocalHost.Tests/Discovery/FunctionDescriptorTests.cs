using System.Reflection;
using ServiceDesk.LocalHost.Discovery;

namespace ServiceDesk.LocalHost.Tests.Discovery;

public sealed class FunctionDescriptorTests
{
    [Fact]
    public void The_trigger_parameter_is_recognised_from_another_ParameterInfo_instance_of_the_same_parameter()
    {
        // Two MethodInfo objects for one method (different reflected types) hold different ParameterInfo objects, as
        // two hosts do when they discover a method at the same moment and its parameter cache is filled twice.
        var discovered = typeof(Activities).GetMethod(nameof(Activities.Greet))!;
        var invoked = typeof(DerivedActivities).GetMethod(nameof(Activities.Greet))!;
        var descriptor = new FunctionDescriptor("Greet", discovered, new ActivityTriggerBinding(), discovered.GetParameters()[1], []);
        var parameters = invoked.GetParameters();

        Assert.NotSame(descriptor.TriggerParameter, parameters[1]);
        Assert.Equal([false, true], parameters.Select(descriptor.IsTrigger));
    }

    public class Activities
    {
        public string Greet(CancellationToken cancellationToken, string name) => name;
    }

    public sealed class DerivedActivities : Activities;
}
