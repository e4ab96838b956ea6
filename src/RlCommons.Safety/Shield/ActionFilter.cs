namespace RlCommons.Safety.Shield;

/// <summary>Which actions a rule applies to; the others always pass it and are never recorded by it.</summary>
internal static class ActionFilter
{
    public static bool Applies(Func<int, bool>? appliesTo, int action) => appliesTo?.Invoke(action) ?? true;
}
