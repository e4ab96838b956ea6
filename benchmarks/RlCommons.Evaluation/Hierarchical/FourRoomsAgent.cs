namespace RlCommons.Evaluation.Hierarchical;

/// <summary>The learners the Four Rooms experiment compares.</summary>
internal enum FourRoomsAgent
{
    /// <summary>Flat SARSA(0) over the four primitive actions (the paper's baseline).</summary>
    Sarsa,

    /// <summary>Flat Q-learning over the four primitive actions.</summary>
    QLearning,

    /// <summary>SMDP Q-learning over the eight hallway options and the four primitive actions.</summary>
    SmdpHallways,

    /// <summary>Intra-option Q-learning over the eight hallway options and the four primitive actions.</summary>
    IntraOptionHallways,

    /// <summary>Tabular Option-Critic with four learned options.</summary>
    OptionCritic,
}
