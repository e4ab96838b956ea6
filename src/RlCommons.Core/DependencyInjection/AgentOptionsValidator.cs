using Microsoft.Extensions.Options;
using RlCommons.Validation;

namespace RlCommons.DependencyInjection;

/// <summary>Runs <see cref="AgentOptions.Collect"/> for the options system, so that invalid options fail at start-up.</summary>
/// <typeparam name="TOptions">The agent options type.</typeparam>
internal sealed class AgentOptionsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : AgentOptions
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ValidationErrors errors = options.Collect();
        return errors.IsValid
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(errors.Errors.Select(e => e.Message));
    }
}
