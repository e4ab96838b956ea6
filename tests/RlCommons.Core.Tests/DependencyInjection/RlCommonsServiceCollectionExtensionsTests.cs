using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RlCommons.Core.Tests.TestSupport;
using RlCommons.Validation;

namespace RlCommons.Core.Tests.DependencyInjection;

public class RlCommonsServiceCollectionExtensionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AddRlCommonsAgent_RegistersSingletonBuiltFromOptions()
    {
        var services = new ServiceCollection();
        services.AddRlCommonsAgent<TestAgent, TestOptions>((_, options) => new TestAgent(options), o => o.Seed = 42);

        ServiceDescriptor descriptor = Assert.Single(services, d => d.ServiceType == typeof(TestAgent));
        Assert.Equal(ServiceLifetime.Singleton, descriptor.Lifetime);

        using ServiceProvider provider = services.BuildServiceProvider();
        var agent = provider.GetRequiredService<TestAgent>();
        Assert.Same(agent, provider.GetRequiredService<TestAgent>());
        Assert.Equal(42, agent.Options.Seed);
        Assert.Same(provider.GetRequiredService<IOptions<TestOptions>>().Value, agent.Options);
    }

    [Fact]
    public void AddRlCommonsAgent_FactoryGetsTheProvider()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new Dependency("from the container"));
        services.AddRlCommonsAgent<TestAgent, TestOptions>((sp, options) => new TestAgent(options, sp.GetRequiredService<Dependency>()));

        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Equal("from the container", provider.GetRequiredService<TestAgent>().Dependency?.Name);
    }

    [Fact]
    public void AddRlCommonsAgent_InvalidOptions_IOptionsValueThrowsListingEveryProblem()
    {
        var services = new ServiceCollection();
        services.AddRlCommonsAgent<TestAgent, TestOptions>((_, o) => new TestAgent(o), o => (o.Alpha, o.TimeProvider) = (-1, null!));
        using ServiceProvider provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<TestOptions>>().Value);

        Assert.Equal(typeof(TestOptions), ex.OptionsType);
        Assert.Equal(["TimeProvider must not be null.", "Alpha must be a finite number greater than 0, was -1."], ex.Failures);
    }

    [Fact]
    public void AddRlCommonsAgent_InvalidOptions_AgentResolutionThrows()
    {
        var services = new ServiceCollection();
        services.AddRlCommonsAgent<TestAgent, TestOptions>((_, o) => new TestAgent(o), o => o.Alpha = 0);
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(provider.GetRequiredService<TestAgent>);
    }

    [Fact]
    public void AddRlCommonsAgent_InvalidOptions_StartupValidatorThrows()
    {
        // IStartupValidator is what the host runs on start for ValidateOnStart; calling it directly needs no host.
        var services = new ServiceCollection();
        services.AddRlCommonsAgent<TestAgent, TestOptions>((_, o) => new TestAgent(o), o => o.Alpha = double.NaN);
        using ServiceProvider provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(provider.GetRequiredService<IStartupValidator>().Validate);

        Assert.Equal(["Alpha must be a finite number greater than 0, was NaN."], ex.Failures);
    }

    [Fact]
    public void AddRlCommonsAgent_ValidOptions_StartupValidatorPasses()
    {
        var services = new ServiceCollection();
        services.AddRlCommonsAgent<TestAgent, TestOptions>((_, o) => new TestAgent(o), o => o.Alpha = 2);
        using ServiceProvider provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal(2, provider.GetRequiredService<TestAgent>().Options.Alpha);
    }

    [Fact]
    public void AddRlCommonsAgent_InvalidViaReturnedBuilder_StillValidated()
    {
        var services = new ServiceCollection();
        services.AddRlCommonsAgent<TestAgent, TestOptions>((_, o) => new TestAgent(o)).Configure(o => o.Alpha = -3);
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(provider.GetRequiredService<IStartupValidator>().Validate);
    }

    [Fact]
    public void AddRlCommonsAgent_ContainerTimeProvider_FlowsIntoOptions()
    {
        var clock = new FakeTimeProvider(Now);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddRlCommonsAgent<TestAgent, TestOptions>((_, o) => new TestAgent(o));
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Same(clock, provider.GetRequiredService<TestAgent>().Options.TimeProvider);
        Assert.Equal(Now, provider.GetRequiredService<TestAgent>().Options.TimeProvider.GetUtcNow());
    }

    [Fact]
    public void AddRlCommonsAgent_ConfigureSetsClock_WinsOverContainer()
    {
        var container = new FakeTimeProvider(Now);
        var own = new FakeTimeProvider(Now.AddDays(1));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(container);
        services.AddRlCommonsAgent<TestAgent, TestOptions>((_, o) => new TestAgent(o), o => o.TimeProvider = own);
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Same(own, provider.GetRequiredService<IOptions<TestOptions>>().Value.TimeProvider);
    }

    [Fact]
    public void AddRlCommonsAgent_NoContainerClock_UsesSystemClock()
    {
        var services = new ServiceCollection();
        services.AddRlCommonsAgent<TestAgent, TestOptions>((_, o) => new TestAgent(o));
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Same(TimeProvider.System, provider.GetRequiredService<IOptions<TestOptions>>().Value.TimeProvider);
    }

    [Fact]
    public void AddRlCommonsAgent_Twice_ThrowsInsteadOfMergingTheConfigurations()
    {
        var services = new ServiceCollection();
        services.AddRlCommonsAgent<TestAgent, TestOptions>((_, o) => new TestAgent(o, new Dependency("first")));

        var e = Assert.Throws<InvalidOperationException>(() => services.AddRlCommonsAgent<TestAgent, TestOptions>((_, o) => new TestAgent(o, new Dependency("second"))));

        Assert.Contains("TestAgent is registered already", e.Message);
        Assert.Contains("AddDecisionPoint", e.Message);
        Assert.Single(services, d => d.ServiceType == typeof(TestAgent));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<TestOptions>));
        using ServiceProvider provider = services.BuildServiceProvider();
        Assert.Equal("first", provider.GetRequiredService<TestAgent>().Dependency?.Name);
    }

    [Fact]
    public void AddRlCommonsAgent_AgentAlreadyRegistered_ThrowsAndKeepsExistingRegistration()
    {
        var existing = new TestAgent(new TestOptions(), new Dependency("existing"));
        var services = new ServiceCollection();
        services.AddSingleton(existing);

        Assert.Throws<InvalidOperationException>(() => services.AddRlCommonsAgent<TestAgent, TestOptions>((_, o) => new TestAgent(o, new Dependency("new"))));

        using ServiceProvider provider = services.BuildServiceProvider();
        Assert.Same(existing, provider.GetRequiredService<TestAgent>());
    }

    [Fact]
    public void AddRlCommonsAgent_NullArguments_Throw()
    {
        Assert.Equal("services", Assert.Throws<ArgumentNullException>(() => ((IServiceCollection)null!).AddRlCommonsAgent<TestAgent, TestOptions>((_, o) => new TestAgent(o))).ParamName);
        Assert.Equal("factory", Assert.Throws<ArgumentNullException>(() => new ServiceCollection().AddRlCommonsAgent<TestAgent, TestOptions>(null!)).ParamName);
    }

    [Fact]
    public void AddRlCommonsAgent_ReturnsBuilderForDefaultOptions()
    {
        OptionsBuilder<TestOptions> builder = new ServiceCollection().AddRlCommonsAgent<TestAgent, TestOptions>((_, o) => new TestAgent(o));

        Assert.Equal(Options.DefaultName, builder.Name);
    }

    internal sealed class TestOptions : AgentOptions
    {
        public double Alpha { get; set; } = 1.0;

        protected override void Validate(ValidationErrors errors) => errors.RequirePositive(Alpha, nameof(Alpha));
    }

    internal sealed record Dependency(string Name);

    internal sealed class TestAgent(TestOptions options, Dependency? dependency = null)
    {
        public TestOptions Options { get; } = options;

        public Dependency? Dependency { get; } = dependency;
    }
}
