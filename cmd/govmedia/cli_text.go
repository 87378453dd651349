package main

import (
	"cmp"
	"errors"
	"flag"
	"io"
	"os"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/width"

	"govmedia"
)

// The command line speaks the language of the locale (LC_ALL, LC_MESSAGES,
// then LANG, as POSIX orders them), Chinese when none is set, and lays
// out its tables by the columns a terminal gives each character.

// cliLanguage is the language of the person at the terminal. The C and
// POSIX locales (C.UTF-8 is many machines' and containers' default) name
// no language, and are passed over.
func cliLanguage() govmedia.Language {
	return govmedia.ParseLanguage(cmp.Or(named(os.Getenv("LC_ALL")), named(os.Getenv("LC_MESSAGES")), named(os.Getenv("LANG")), "zh_CN"))
}

// named is a locale that names a language, "" for C and POSIX.
func named(locale string) string {
	base, _, _ := strings.Cut(locale, ".")
	if base == "C" || base == "POSIX" {
		return ""
	}
	return locale
}

// table lays rows out in columns aligned by their width on a terminal,
// where a Chinese character takes two columns: text/tabwriter counts
// runes, and a column of Chinese names drifts out of line.
type table struct {
	rows   [][]string
	indent string
}

// add appends a row.
func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

// write prints the rows, each column two spaces from the next, the last
// one unpadded.
func (t *table) write(w io.Writer) error {
	var widths []int
	for _, row := range t.rows {
		for i, c := range row {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], displayWidth(c))
		}
	}
	var b strings.Builder
	for _, row := range t.rows {
		b.WriteString(t.indent)
		for i, c := range row {
			b.WriteString(c)
			if i < len(row)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-displayWidth(c)+2))
			}
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// displayWidth is how many terminal columns s takes: two for a wide or
// fullwidth character (Chinese, full-width punctuation), none for a
// combining mark, one for the rest.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r) || r == '\u200d' || r == '\ufe0f':
		case width.LookupRune(r).Kind() == width.EastAsianWide || width.LookupRune(r).Kind() == width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

// errUsage marks an error in how a command was called: its synopsis is
// shown after the reason.
type errUsage struct{ err error }

func (e errUsage) Error() string { return e.err.Error() }
func (e errUsage) Unwrap() error { return e.err }

func usageError(err error) error { return errUsage{err} }

func isUsageError(err error) bool {
	var u errUsage
	return errors.As(err, &u)
}

// flagError says in the person's language what the flag package found
// wrong with the arguments.
func flagError(err error) error {
	msg := err.Error()
	for prefix, key := range map[string]string{
		"flag provided but not defined: ": "cli.flag_unknown",
		"flag needs an argument: ":        "cli.flag_needs_value",
		"bad flag syntax: ":               "cli.flag_syntax",
	} {
		if name, ok := strings.CutPrefix(msg, prefix); ok {
			return govmedia.Errorf(govmedia.EINVALID, key, "flag", name)
		}
	}
	if errors.Is(err, flag.ErrHelp) {
		return govmedia.Errorf(govmedia.EINVALID, "cli.help")
	}
	if m := invalidValue.FindStringSubmatch(msg); m != nil {
		return govmedia.Errorf(govmedia.EINVALID, "cli.flag_value", "flag", m[2], "value", m[1])
	}
	return err
}

// invalidValue is the flag package's error for a value it cannot parse.
var invalidValue = regexp.MustCompile(`^invalid (?:boolean )?value "(.*)" for flag (-\S+):`)
