// Command govmedia runs the government new-media service and its operator
// commands. Run it without arguments for the list of commands.
package main

import (
	"context"
	"errors"
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

// command is one subcommand: what it does, and how.
type command struct {
	summary string
	run     func(ctx context.Context, env *cliEnv, args []string) error
}

var commands = map[string]command{
	"serve":                {"run the bot, the HTTP server and the workers", runServe},
	"sandbox":              {"the whole service with local stand-ins for Telegram and WeChat; chat at /sandbox", runSandbox},
	"migrate":              {"apply migrations: migrate [up|status|rollback [--yes] [--drop-audit-log]] (rollback undoes one)", runMigrate},
	"orgs import":          {"import an org tree: orgs import FILE.csv", runOrgsImport},
	"orgs list":            {"list the org tree", runOrgsList},
	"invite create":        {"create an invite: invite create --org CODE --role ROLE [--ttl 168h]", runInviteCreate},
	"accounts import":      {"import an account register (xlsx or csv): accounts import FILE", runAccountsImport},
	"accounts export":      {"export the register: accounts export --format csv|xlsx [--out FILE]", runAccountsExport},
	"applications list":    {"list applications: applications list [--state pending] [--limit 50]", runApplicationsList},
	"applications show":    {"show one application: applications show ID", runApplicationsShow},
	"publications create":  {"submit a publication for review: publications create --file pub.json", runPublicationsCreate},
	"policies create":      {"submit a policy with its interpretations for review: policies create --file policy.json", runPoliciesCreate},
	"publications cover":   {"set an org's default cover: publications cover --org CODE FILE.jpg", runCoverSet},
	"publications show":    {"show a publication's deliveries: publications show ID", runPublicationsShow},
	"keys rotate":          {"re-seal every stored secret under a new key: keys rotate --new-key KEY", runKeysRotate},
	"keys finish":          {"end a rotation's handover once every replica runs with the new key", runKeysFinish},
	"audit verify":         {"check the audit log against its hashes and signed checkpoints: audit verify [--checkpoint FILE|URL]… [--max-age 15m]", runAuditVerify},
	"audit checkpoint":     {"write a signed checkpoint of the audit log now and print it, to keep elsewhere", runAuditCheckpoint},
	"accounts close-due":   {"close accounts whose closing notice has ended", runCloseDue},
	"applications overdue": {"list steps past their deadline", runApplicationsOverdue},
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
	name, rest := lookup(args)
	if name == "" {
		usage(stderr)
		return 2
	}
	cfg, err := loadConfig()
	if err != nil {
		fmt.Fprintln(stderr, "govmedia: configuration:", err)
		return 2
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	env := &cliEnv{cfg: cfg, log: log, out: stdout, err: stderr}
	if err := commands[name].run(ctx, env, rest); err != nil {
		fmt.Fprintln(stderr, "govmedia "+name+": "+describe(cfg.Lang, err))
		if errors.Is(err, flag.ErrHelp) {
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

func usage(w io.Writer) {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("usage: govmedia COMMAND [ARGS]\n\ncommands:\n")
	for _, n := range names {
		fmt.Fprintf(&b, "  %-22s %s\n", n, commands[n].summary)
	}
	b.WriteString("\nenvironment: DATABASE_URL (unset: a private PostgreSQL under GOVMEDIA_DATA_DIR), GOVMEDIA_DATA_DIR,\n" +
		"  GOVMEDIA_HTTP_ADDR, GOVMEDIA_METRICS_ADDR, GOVMEDIA_TRUSTED_PROXIES, GOVMEDIA_SECRET_KEY, GOVMEDIA_TELEGRAM_TOKEN,\n" +
		"  GOVMEDIA_TELEGRAM_API_URL, GOVMEDIA_TELEGRAM_WEBHOOK_URL, GOVMEDIA_WECHAT_API_URL, GOVMEDIA_STEP_DAYS, GOVMEDIA_HOLIDAYS\n")
	fmt.Fprint(w, b.String())
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
		return nil, err
	}
	if fs.NArg() != want {
		fs.Usage()
		return nil, fmt.Errorf("want %d argument(s), got %d", want, fs.NArg())
	}
	return fs.Args(), nil
}
