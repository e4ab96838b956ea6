using RlCommons.Algorithms.Contextual;
using RlCommons.Snapshots;

namespace RlCommons.Algorithms.Tests;

/// <summary>Runs the README's quick start, and checks that the README still shows exactly this code.</summary>
public class ReadmeTests
{
    [Fact]
    public void QuickStart_RunsAsWritten_DecidesLearnsAndSaves()
    {
        // The quick start saves to the working directory, as a user's program would.
        File.Delete(Path.GetFullPath("bandit.rlcs"));
        try
        {
            // quick-start begin
            // One ridge-regression model per arm over 3 features (the last is a constant 1).
            var bandit = new LinUcbBandit(new LinUcbOptions
            {
                Arms = ["large", "medium", "local"], Dimension = 3, Alpha = 0.5, Seed = 42,
            });

            float[] features = [0.7f, 0.2f, 1f];               // describe the request
            Decision decision = bandit.Decide(features);       // arm index, propensity, seed
            string provider = bandit.GetArmName(decision.Action);
            double reward = 0.8;                               // observe the outcome ...
            bandit.Update(decision.Action, features, reward);  // ... and learn from it
            Snapshot.Save(bandit, "bandit.rlcs");              // atomic, checksummed
            // quick-start end

            // All arms tie before any learning, so the propensity is 1/3 and the arm is one of the three.
            Assert.Contains(provider, new[] { "large", "medium", "local" });
            Assert.Equal(1.0 / 3, decision.Propensity, 12);
            Assert.Equal(1, bandit.UpdateCount);

            var restored = new LinUcbBandit(new LinUcbOptions { Arms = ["large", "medium", "local"], Dimension = 3, Alpha = 0.5 });
            Snapshot.Load(restored, Path.GetFullPath("bandit.rlcs"));
            Assert.Equal(bandit.Predict(decision.Action, features), restored.Predict(decision.Action, features));
        }
        finally
        {
            File.Delete(Path.GetFullPath("bandit.rlcs"));
        }
    }

    [Fact]
    public void QuickStart_ReadmeBlock_MatchesTheCodeThisTestRuns()
        => DocumentedCode.AssertShownAsTested("README.md", "tests/RlCommons.Algorithms.Tests/ReadmeTests.cs", "quick-start");
}
