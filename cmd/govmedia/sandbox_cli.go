package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"govmedia"
)

// printSandboxCLI tells the person at the terminal how to point the CLI,
// and other PostgreSQL clients, at the sandbox's database. Nothing secret
// is printed: the commands read the password and the key from their files.
func printSandboxCLI(env *cliEnv, app *App) {
	cli, lang := cliName(), env.cfg.Lang
	export := cli + " accounts export --format csv"
	lines := []string{govmedia.Print(lang, "sandbox.cli_title"),
		"  GOVMEDIA_DATA_DIR=" + shellQuote(env.cfg.DataDir) + " " + export}
	if srv := app.server; srv != nil {
		url := fmt.Sprintf("postgres://govmedia:$(cat %s)@127.0.0.1:%d/postgres?sslmode=disable", shellQuote(srv.PasswordFile()), srv.Port())
		key := filepath.Join(env.cfg.DataDir, "secret.key")
		lines = append(lines, govmedia.Print(lang, "sandbox.db_title"),
			fmt.Sprintf(`  DATABASE_URL="%s" GOVMEDIA_SECRET_KEY="$(cat %s)" %s`, url, shellQuote(key), export),
			fmt.Sprintf(`  psql "%s"`, url))
	}
	fmt.Fprintln(env.err, strings.Join(lines, "\n"))
}

// cliName is how to run this program again: "go run ./cmd/govmedia" when
// it was started so (its binary then lives in Go's build cache), else its
// path.
func cliName() string {
	exe, err := os.Executable()
	if err != nil || strings.Contains(exe, string(filepath.Separator)+"go-build") {
		return "go run ./cmd/govmedia"
	}
	return shellQuote(exe)
}

// shellQuote quotes s for a POSIX shell, also inside "$(…)".
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+:=@") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
