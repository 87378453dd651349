package deploy

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

// instruction is one Dockerfile instruction, its continuation lines joined.
type instruction struct {
	line  int      // where it starts
	cmd   string   // upper case: FROM, RUN, COPY…
	flags []string // leading --name=value options (COPY --from=build, RUN --mount=…)
	args  string   // the rest, as written
}

// stage is a FROM and the instructions up to the next.
type stage struct {
	image, name string
	from        instruction
	body        []instruction
}

// parseDockerfile reads the instructions of a Dockerfile by stage, as
// BuildKit does with the default escape character: comment lines are
// dropped (inside a continuation too), a line ending in a backslash goes
// on on the next.
func parseDockerfile(path string) ([]stage, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var stages []stage
	var cur strings.Builder
	start, n := 0, 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if cur.Len() == 0 {
			start = n
		}
		if body, more := strings.CutSuffix(line, `\`); more {
			cur.WriteString(body + " ")
			continue
		}
		cur.WriteString(line)
		in := splitInstruction(start, cur.String())
		cur.Reset()
		if err := addInstruction(&stages, in); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, in.line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if cur.Len() > 0 {
		return nil, fmt.Errorf("%s:%d: a continuation runs past the end of the file", path, start)
	}
	return stages, nil
}

func splitInstruction(line int, text string) instruction {
	cmd, rest, _ := strings.Cut(text, " ")
	in := instruction{line: line, cmd: strings.ToUpper(cmd)}
	rest = strings.TrimSpace(rest)
	for strings.HasPrefix(rest, "--") {
		flag, after, _ := strings.Cut(rest, " ")
		in.flags = append(in.flags, flag)
		rest = strings.TrimSpace(after)
	}
	in.args = rest
	return in
}

func addInstruction(stages *[]stage, in instruction) error {
	if in.cmd == "FROM" {
		words := strings.Fields(in.args)
		s := stage{from: in}
		switch {
		case len(words) == 1:
			s.image = words[0]
		case len(words) == 3 && strings.EqualFold(words[1], "AS"):
			s.image, s.name = words[0], words[2]
		default:
			return fmt.Errorf("FROM %s: want an image and maybe AS name", in.args)
		}
		*stages = append(*stages, s)
		return nil
	}
	if len(*stages) == 0 {
		if in.cmd == "ARG" {
			return nil
		}
		return fmt.Errorf("%s before the first FROM", in.cmd)
	}
	last := &(*stages)[len(*stages)-1]
	last.body = append(last.body, in)
	return nil
}

// flag returns the value of a --name=value option, "" when absent.
func (in instruction) flag(name string) string {
	for _, f := range in.flags {
		if v, ok := strings.CutPrefix(f, "--"+name+"="); ok {
			return v
		}
	}
	return ""
}

// all returns the stage's instructions of one kind.
func (s stage) all(cmd string) []instruction {
	var out []instruction
	for _, in := range s.body {
		if in.cmd == cmd {
			out = append(out, in)
		}
	}
	return out
}

// env returns the variables the stage's ENV instructions set, in the
// name=value form (several to an instruction, values maybe quoted).
func (s stage) env() (map[string]string, error) {
	out := map[string]string{}
	for _, in := range s.all("ENV") {
		words, err := shellWords(in.args)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", in.line, err)
		}
		for _, w := range words {
			name, value, ok := strings.Cut(w, "=")
			if !ok {
				return nil, fmt.Errorf("line %d: ENV %s: want name=value", in.line, w)
			}
			out[name] = value
		}
	}
	return out, nil
}

// shellWords splits a command line into words as a POSIX shell would for
// a simple command: quotes and backslashes are honoured and removed. It
// refuses what would make it more than one simple command (operators,
// redirections, substitutions, variables), so that a word list taken from
// it runs exactly as the shell would run the line.
func shellWords(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord, quote := false, rune(0)
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case quote == '\'':
			if r == '\'' {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case quote == '"':
			switch {
			case r == '"':
				quote = 0
			case r == '$' || r == '`':
				return nil, fmt.Errorf("a substitution (%c) in %q", r, s)
			case r == '\\' && i+1 < len(rs) && strings.ContainsRune(`"\$`+"`", rs[i+1]):
				i++
				cur.WriteRune(rs[i])
			default:
				cur.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == '\\' && i+1 < len(rs):
			i++
			cur.WriteRune(rs[i])
			inWord = true
		case r == ' ' || r == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case strings.ContainsRune("&|;<>()$`*?[]{}~#", r):
			return nil, fmt.Errorf("%q is not one simple command: it holds %q", s, r)
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("an unclosed quote in %q", s)
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}

// assignments splits leading NAME=value words off a simple command.
func assignments(words []string) (map[string]string, []string) {
	env := map[string]string{}
	for len(words) > 0 {
		name, value, ok := strings.Cut(words[0], "=")
		if !ok || name == "" || strings.ContainsAny(name, "-./") {
			break
		}
		env[name] = value
		words = words[1:]
	}
	return env, words
}
