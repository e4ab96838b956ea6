using Microsoft.Extensions.Options;
using RlCommons.Okr.Rewards;

namespace RlCommons.Okr.DependencyInjection;

/// <summary>Runs <see cref="OkrRewardOptions.Collect"/> for the options system, so <c>ValidateOnStart</c> reports every problem.</summary>
internal sealed class OkrRewardOptionsValidator : IValidateOptions<OkrRewardOptions>
{
    public ValidateOptionsResult Validate(string? name, OkrRewardOptions options)
    {
        var errors = options.Collect();
        return errors.IsValid ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Errors.Select(e => e.Message));
    }
}
