namespace RlCommons.Okr.Dsl;

/// <summary>
/// An OKR definition (from <see cref="OkrBuilder.Build"/> or <see cref="Okr.FromJson"/>) is not valid. The message
/// lists every problem found, each naming the field at fault; <see cref="Errors"/> holds them one by one.
/// </summary>
public sealed class OkrValidationException : Exception
{
    /// <summary>Creates the exception with no listed problem.</summary>
    public OkrValidationException()
        : this("The OKR definition is not valid.")
    {
    }

    /// <summary>Creates the exception with one problem.</summary>
    /// <param name="message">The problem.</param>
    public OkrValidationException(string message)
        : this(message, (Exception?)null)
    {
    }

    /// <summary>Creates the exception with one problem and its cause.</summary>
    /// <param name="message">The problem.</param>
    /// <param name="innerException">The cause, for example a <see cref="System.Text.Json.JsonException"/>.</param>
    public OkrValidationException(string message, Exception? innerException)
        : base(message, innerException) => Errors = [message];

    internal OkrValidationException(string? id, IReadOnlyList<string> errors)
        : base(Format(id, errors)) => Errors = errors;

    /// <summary>Gets every problem found, in the order the definition was read.</summary>
    public IReadOnlyList<string> Errors { get; }

    private static string Format(string? id, IReadOnlyList<string> errors)
    {
        string name = string.IsNullOrWhiteSpace(id) ? "The OKR" : $"The OKR '{id}'";
        return errors.Count == 1
            ? $"{name} is not valid: {errors[0]}"
            : $"{name} is not valid ({errors.Count} problems): " + string.Join(" ", errors.Select((e, i) => $"{i + 1}) {e}"));
    }
}
