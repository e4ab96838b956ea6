namespace RlCommons.Storage;

/// <summary>One cell of a stored Q-table (seed 004's <c>q_table</c>): a state–action value and how often it was updated.</summary>
/// <param name="State">The state's key; not blank, at most 1,000 characters.</param>
/// <param name="Action">The action's key; not blank, at most 200 characters.</param>
/// <param name="Value">The value; finite.</param>
/// <param name="UpdateCount">How many updates made it; not negative.</param>
public sealed record QTableEntry(string State, string Action, double Value, long UpdateCount);
