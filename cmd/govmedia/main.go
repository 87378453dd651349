// Command govmedia runs the government new-media service and its operator
// commands. Run it without arguments for the list of commands.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

	"govmedia"
)

// command is one subcommand: how it is called, and what it runs. What it
// does is told in the person's language, under "cli.cmd." and its name
// with underscores (commandText).
type command struct {
	synopsis string
	run      func(ctx context.Context, env *cliEnv, args []string) error
}

var commands = map[string]command{
	"serve":                {"serve", runServe},
	"sandbox":              {"sandbox", runSandbox},
	"migrate":              {"migrate [up|status|rollback [--yes] [--drop-audit-log]]", runMigrate},
	"orgs import":          {"orgs import FILE.csv", runOrgsImport},
	"orgs list":            {"orgs list", runOrgsList},
	"invite create":        {"invite create --org CODE --role ROLE [--ttl 168h]", runInviteCreate},
	"accounts import":      {"accounts import FILE", runAccountsImport},
	"accounts export":      {"accounts export --format csv|xlsx [--out FILE]", runAccountsExport},
	"applications list":    {"applications list [--state pending] [--org CODE] [--limit 50]", runApplicationsList},
	"applications show":    {"applications show ID", runApplicationsShow},
	"publications create":  {"publications create --file pub.json", runPublicationsCreate},
	"policies create":      {"policies create --file policy.json", runPoliciesCreate},
	"publications cover":   {"publications cover --org CODE FILE.jpg", runCoverSet},
	"publications show":    {"publications show N", runPublicationsShow},
	"keys rotate":          {"keys rotate --new-key KEY", runKeysRotate},
	"keys finish":          {"keys finish", runKeysFinish},
	"audit verify":         {"audit verify [--checkpoint FILE|URL]… [--max-age 15m]", runAuditVerify},
	"audit checkpoint":     {"audit checkpoint", runAuditCheckpoint},
	"accounts close-due":   {"accounts close-due", runCloseDue},
	"applications overdue": {"applications overdue", runApplicationsOverdue},
}

// commandText is what a command does, in lang.
func commandText(lang govmedia.Language, name string) string {
	return govmedia.Print(lang, "cli.cmd."+strings.NewReplacer(" ", "_", "-", "_").Replace(name))
}

// cliEnv is what every command gets: configuration, logger, output.
type cliEnv struct {
	cfg *Config
	log *slog.Logger
	out io.Writer // results
	err io.Writer // messages for the person at the terminal
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	lang := cliLanguage()
	name, rest := lookup(args)
	if name == "" {
		usage(stderr, lang)
		return 2
	}
	cfg, err := loadConfig()
	if err != nil {
		fmt.Fprintln(stderr, govmedia.Print(lang, "cli.configuration", "reason", describe(lang, err)))
		return 2
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	env := &cliEnv{cfg: cfg, log: log, out: stdout, err: stderr}
	if err := commands[name].run(ctx, env, rest); err != nil {
		fmt.Fprintln(stderr, "govmedia "+name+": "+describe(cfg.Lang, err))
		if isUsageError(err) {
			fmt.Fprintln(stderr, govmedia.Print(cfg.Lang, "cli.usage_of", "synopsis", "govmedia "+commands[name].synopsis,
				"what", commandText(cfg.Lang, name)))
			return 2
		}
		return 1
	}
	return 0
}

// lookup finds the command named by the first one or two arguments.
func lookup(args []string) (string, []string) {
	if len(args) >= 2 {
		if _, ok := commands[args[0]+" "+args[1]]; ok {
			return args[0] + " " + args[1], args[2:]
		}
	}
	if len(args) >= 1 {
		if _, ok := commands[args[0]]; ok {
			return args[0], args[1:]
		}
	}
	return "", nil
}

// describe renders an error for the person at the terminal: a domain
// error in their language, anything else as it is.
func describe(lang govmedia.Language, err error) string {
	code := govmedia.ErrorCode(err)
	if code != govmedia.EINTERNAL {
		return govmedia.ErrorMessage(lang, err)
	}
	return err.Error()
}

// usage lists the commands, what each does in lang, and the variables.
func usage(w io.Writer, lang govmedia.Language) {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	var t table
	for _, n := range names {
		t.add(commands[n].synopsis, commandText(lang, n))
	}
	fmt.Fprintln(w, govmedia.Print(lang, "cli.usage"))
	fmt.Fprintln(w)
	fmt.Fprintln(w, govmedia.Print(lang, "cli.commands"))
	t.indent = "  "
	t.write(w)
	fmt.Fprintln(w)
	fmt.Fprintln(w, govmedia.Print(lang, "cli.environment"))
}

// operator names the person at the command line for the audit log.
func operator() govmedia.Actor {
	name := os.Getenv("SUDO_USER")
	if name == "" {
		name = os.Getenv("USER")
	}
	if name == "" {
		name = "unknown"
	}
	return govmedia.Operator(name)
}

// parseFlags parses a command's flags, failing on stray arguments beyond want.
func parseFlags(fs *flag.FlagSet, args []string, want int) ([]string, error) {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		return nil, usageError(flagError(err))
	}
	if fs.NArg() != want {
		return nil, usageError(govmedia.Errorf(govmedia.EINVALID, "cli.args_count", "want", want, "got", fs.NArg()))
	}
	return fs.Args(), nil
}
