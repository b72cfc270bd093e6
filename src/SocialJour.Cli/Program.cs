// socialjour: the IT administrator's command line (CliApp, the commands in CliCommands). Exit codes: 0 ok, 1 the check failed, 2 bad usage or configuration.
return await SocialJour.Cli.CliApp.RunAsync(args, Console.Out, Console.Error);
