using System.Globalization;

namespace RlCommons.Validation;

/// <summary>
/// Collects every problem found while validating options, so that one exception lists them all
/// (instead of the caller fixing one problem per run).
/// </summary>
public sealed class ValidationErrors
{
    private readonly List<(string Parameter, string Message)> _errors = [];

    /// <summary>The problems found so far, each as the parameter it concerns and a sentence about it.</summary>
    public IReadOnlyList<(string Parameter, string Message)> Errors => _errors;

    /// <summary><see langword="true"/> when no problem has been recorded.</summary>
    public bool IsValid => _errors.Count == 0;

    /// <summary>Records a problem with <paramref name="parameter"/>.</summary>
    /// <param name="parameter">The name of the option or argument at fault.</param>
    /// <param name="message">What is wrong, including the value received.</param>
    public void Add(string parameter, string message) => _errors.Add((parameter, message));

    /// <summary>Records a problem when <paramref name="condition"/> is false.</summary>
    /// <param name="condition">The requirement.</param>
    /// <param name="parameter">The name of the option or argument at fault.</param>
    /// <param name="message">What is required and what was received.</param>
    public void Require(bool condition, string parameter, string message)
    {
        if (!condition)
        {
            Add(parameter, message);
        }
    }

    /// <summary>Requires a finite value within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <param name="value">The value to check.</param>
    /// <param name="min">The smallest allowed value.</param>
    /// <param name="max">The largest allowed value.</param>
    /// <param name="parameter">The name of the option.</param>
    public void RequireInRange(double value, double min, double max, string parameter)
        => Require(double.IsFinite(value) && value >= min && value <= max, parameter,
            string.Create(CultureInfo.InvariantCulture, $"{parameter} must be a finite number in [{min}, {max}], was {value}."));

    /// <summary>Requires a finite value strictly greater than zero.</summary>
    /// <param name="value">The value to check.</param>
    /// <param name="parameter">The name of the option.</param>
    public void RequirePositive(double value, string parameter)
        => Require(double.IsFinite(value) && value > 0, parameter,
            string.Create(CultureInfo.InvariantCulture, $"{parameter} must be a finite number greater than 0, was {value}."));

    /// <summary>Requires a finite value greater than or equal to zero.</summary>
    /// <param name="value">The value to check.</param>
    /// <param name="parameter">The name of the option.</param>
    public void RequireNonNegative(double value, string parameter)
        => Require(double.IsFinite(value) && value >= 0, parameter,
            string.Create(CultureInfo.InvariantCulture, $"{parameter} must be a finite number greater than or equal to 0, was {value}."));

    /// <summary>
    /// Throws when any problem was recorded: an <see cref="ArgumentException"/> whose
    /// <see cref="ArgumentException.ParamName"/> is the parameter at fault (or <paramref name="container"/> when
    /// several are) and whose message lists every problem.
    /// </summary>
    /// <param name="container">The name used when more than one parameter is at fault (for example "options").</param>
    /// <exception cref="ArgumentException">At least one problem was recorded.</exception>
    public void ThrowIfAny(string container)
    {
        if (_errors.Count == 0)
        {
            return;
        }

        if (_errors.Count == 1)
        {
            throw new ArgumentException(_errors[0].Message, _errors[0].Parameter);
        }

        string message = $"{_errors.Count} problems: " + string.Join(" ", _errors.Select(e => e.Message));
        throw new ArgumentException(message, container);
    }
}
