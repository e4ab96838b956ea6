using RlCommons.Evaluation;

return EvaluationCli.Run(args, Console.Out, Console.Error);
