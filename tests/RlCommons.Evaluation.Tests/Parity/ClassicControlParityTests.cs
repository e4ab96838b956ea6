using RlCommons.Evaluation.Parity;

namespace RlCommons.Evaluation.Tests.Parity;

public sealed class ClassicControlParityTests
{
    private const string Header = "env,episode,step,state...,action,next_obs...,reward,terminated,truncated";

    // The first MountainCar row of the shared file.
    private const string MountainCarRow = "MountainCar-v0,0,0,-0.45761833812517916,0.0,2.0,-0.4571099579334259,0.0005083718569949269,-1.0,0,0";

    [Fact]
    public void CheckFile_GymnasiumReference_HasNoMismatch()
    {
        ClassicControlParityReport report = ClassicControlParity.CheckFile(RepositoryFiles.Reference("gymnasium-classic-control.csv"));

        Assert.Empty(report.FirstMismatches);
        Assert.Equal(0, report.Mismatches);
        Assert.Equal(3010, report.Rows);
        Assert.InRange(report.MaxAbsError, 0, 1e-6);
    }

    [Fact]
    public void Check_OneCorrectAndOneWrongRow_CountsOneMismatch()
    {
        string wrong = MountainCarRow.Replace("-0.4571099579334259", "-0.4571", StringComparison.Ordinal);

        ClassicControlParityReport report = ClassicControlParity.Check(new StringReader($"{Header}\n{MountainCarRow}\n{wrong}\n"));

        Assert.Equal(2, report.Rows);
        Assert.Equal(1, report.Mismatches);
        Assert.Equal(0.0000099579334259, report.MaxAbsError, 1e-9);
        Assert.StartsWith("line 3: MountainCar-v0 episode 0 step 0", Assert.Single(report.FirstMismatches));
    }

    [Fact]
    public void Check_WrongTerminatedFlag_CountsAMismatch()
    {
        string wrong = MountainCarRow[..^3] + "1,0";

        ClassicControlParityReport report = ClassicControlParity.Check(new StringReader($"{Header}\n{wrong}\n"));

        Assert.Equal(1, report.Mismatches);
    }

    [Fact]
    public void Check_RowWithTooFewFields_ThrowsInvalidData()
    {
        var error = Assert.Throws<InvalidDataException>(() => ClassicControlParity.Check(new StringReader($"{Header}\nPendulum-v1,0,0,1.0,0.5,0.1\n")));

        Assert.Contains("Line 2: Pendulum-v1 rows have 12 fields, got 6", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_UnknownEnvironment_ThrowsInvalidData()
    {
        var error = Assert.Throws<InvalidDataException>(() => ClassicControlParity.Check(new StringReader($"{Header}\nLunarLander-v3,0,0,1\n")));

        Assert.Contains("unknown environment 'LunarLander-v3'", error.Message, StringComparison.Ordinal);
    }
}
