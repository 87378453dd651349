package main

import (
	"bufio"
	"os"
	"strings"

	"govmedia"
)

// stdin is where confirmations are read from (a test puts a terminal of
// its own here).
var stdin = os.Stdin

// confirm asks the person at the terminal the question under key (a y/N
// question in their language) and reports whether they answered yes. When
// standard input is not a terminal nobody can answer: it refuses, unless
// yes says the command line confirmed already (--yes).
func confirm(env *cliEnv, yes bool, key string, args ...any) error {
	if yes {
		return nil
	}
	if !isTerminal(stdin) {
		return govmedia.Errorf(govmedia.EINVALID, "migrate.not_a_terminal")
	}
	_, _ = env.err.Write([]byte(govmedia.Print(env.cfg.Lang, key, args...)))
	answer, _ := bufio.NewReader(stdin).ReadString('\n')
	switch strings.ToLower(strings.TrimSpace(answer)) {
	case "y", "yes", "是":
		return nil
	}
	return govmedia.Errorf(govmedia.EINVALID, "migrate.cancelled")
}
