namespace RlCommons.Algorithms.Offline;

/// <summary>What produced a logged step: the host's rules, a learned policy, or a fixed (static) choice.</summary>
public enum PolicyMode
{
    /// <summary>A hand-written rule chose the action.</summary>
    Rule = 0,

    /// <summary>A learned policy chose the action.</summary>
    Learned = 1,

    /// <summary>A fixed configuration chose the action.</summary>
    Static = 2,
}
