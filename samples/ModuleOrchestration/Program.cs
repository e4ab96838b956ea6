// Placeholder entry point; the sample is being written.
System.Console.WriteLine("ModuleOrchestration");
