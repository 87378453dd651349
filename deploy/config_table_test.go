package deploy

import (
	"bufio"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode"
)

// readmeVariables returns the variables the README's configuration table
// names (the table headed "| variable | meaning |"), each with its row.
func readmeVariables(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open(repoFile("README.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	names := regexp.MustCompile("`([A-Z][A-Z0-9_]*)`")
	out := map[string]string{}
	inTable := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "| variable | meaning |"):
			inTable = true
		case !strings.HasPrefix(line, "|"):
			inTable = false
		case inTable:
			cells := strings.Split(line, "|")
			for _, m := range names.FindAllStringSubmatch(cells[1], -1) {
				out[m[1]] = line
			}
		}
	}
	if len(out) == 0 {
		t.Fatal("README.md has no configuration table headed | variable | meaning |")
	}
	return out
}

// Every environment variable the code reads is in the README's table, and
// the table names none the code no longer reads.
func TestReadmeTableNamesEveryVariableTheCodeReads(t *testing.T) {
	reads, err := envReads(repoFile())
	if err != nil {
		t.Fatal(err)
	}
	table := readmeVariables(t)
	read := map[string][]string{}
	for _, r := range reads {
		read[r.name] = append(read[r.name], r.at)
	}
	for _, name := range sortedKeys(read) {
		if _, ok := table[name]; !ok {
			t.Errorf("%s is read at %s but is not in README.md's configuration table", name, strings.Join(read[name], ", "))
		}
	}
	for _, name := range sortedKeys(table) {
		if _, ok := read[name]; !ok {
			t.Errorf("README.md's configuration table names %s, which no code reads any more", name)
		}
	}
	if _, ok := read["GOVMEDIA_SECRET_KEY"]; !ok {
		t.Fatalf("found no read of GOVMEDIA_SECRET_KEY among %d reads: the scan of the code is broken", len(reads))
	}
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// The README's links to its own sections (the deployment section links to
// the rotation of the key) lead to a heading.
func TestReadmeLinksToItsOwnSectionsResolve(t *testing.T) {
	raw, err := os.ReadFile(repoFile("README.md"))
	if err != nil {
		t.Fatal(err)
	}
	anchors := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^#+ (.+)$`).FindAllStringSubmatch(string(raw), -1) {
		anchors[slug(m[1])] = true
	}
	links := regexp.MustCompile(`\]\(#([^)]+)\)`).FindAllStringSubmatch(string(raw), -1)
	if len(links) == 0 {
		t.Fatal("README.md links to none of its sections: the deployment section should link to the key's rotation")
	}
	for _, m := range links {
		if !anchors[m[1]] {
			t.Errorf("README.md links to #%s, which no heading makes", m[1])
		}
	}
}

// slug is the anchor GitHub makes of a heading.
func slug(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(heading)) {
		switch {
		case r == ' ':
			b.WriteRune('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}
