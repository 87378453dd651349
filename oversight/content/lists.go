package content

import (
	"sort"
	"strings"

	ahocorasick "github.com/petar-dambovaliev/aho-corasick"
)

// Lists are the city office's lists, one version of them.
type Lists struct {
	Version     int64
	Blocked     []string          // words that must not be published
	Sensitive   []string          // words a reviewer should look at twice
	Corrections map[string]string // wrong expression → correct one
	Hosts       []string          // hosts links may go to (a host and its subdomains)
}

// DefaultHosts are allowed when a city has set no allow-list: government
// sites and WeChat's own articles.
var DefaultHosts = []string{"gov.cn", "mp.weixin.qq.com"}

// entry is one pattern of the matcher: its kind and, for a wrong
// expression, what it should read.
type entry struct {
	kind       Kind
	word       string
	correction string
}

// Matcher finds every listed word of a text in one pass.
type Matcher struct {
	version int64
	ac      ahocorasick.AhoCorasick
	entries []entry
	hosts   []string
}

// Compile builds the matcher of a version of the lists. A word on two
// lists counts as the stronger: blocked, then a correction, then sensitive.
func Compile(l Lists) *Matcher {
	byWord := map[string]entry{}
	add := func(e entry) {
		e.word = strings.ToLower(strings.TrimSpace(e.word))
		if e.word == "" {
			return
		}
		if old, ok := byWord[e.word]; !ok || rank(e.kind) > rank(old.kind) {
			byWord[e.word] = e
		}
	}
	for _, w := range l.Sensitive {
		add(entry{kind: Sensitive, word: w})
	}
	for w, c := range l.Corrections {
		add(entry{kind: Correction, word: w, correction: c})
	}
	for _, w := range l.Blocked {
		add(entry{kind: Blocked, word: w})
	}
	m := &Matcher{version: l.Version, hosts: l.Hosts}
	if len(m.hosts) == 0 {
		m.hosts = DefaultHosts
	}
	words := make([]string, 0, len(byWord))
	for w := range byWord {
		words = append(words, w)
	}
	sort.Strings(words)
	for _, w := range words {
		m.entries = append(m.entries, byWord[w])
	}
	b := ahocorasick.NewAhoCorasickBuilder(ahocorasick.Opts{AsciiCaseInsensitive: true, MatchKind: ahocorasick.LeftMostLongestMatch, DFA: true})
	m.ac = b.Build(words)
	return m
}

func rank(k Kind) int { return map[Kind]int{Sensitive: 1, Correction: 2, Blocked: 3}[k] }

// words finds the listed words of a text, the longest where they overlap.
func (m *Matcher) words(text, where string) []Finding {
	if len(m.entries) == 0 {
		return nil
	}
	var out []Finding
	end := -1
	for _, hit := range m.ac.FindAll(text) { // ASCII letters matched in any case
		if hit.Start() < end {
			continue // inside a longer word already found
		}
		e := m.entries[hit.Pattern()]
		out = append(out, Finding{Kind: e.kind, Where: where, At: charAt(text, hit.Start()), Found: text[hit.Start():hit.End()],
			Context: around(text, hit.Start(), hit.End(), false), Correction: e.correction})
		end = hit.End()
	}
	return out
}

// allowed reports whether links may go to host.
func (m *Matcher) allowed(host string) bool {
	for _, h := range m.hosts {
		h = strings.ToLower(strings.TrimPrefix(h, "*."))
		if host == h || strings.HasSuffix(host, "."+h) {
			return true
		}
	}
	return false
}

// Check finds everything in the texts: personal numbers, listed words,
// wrong document numbers, and links outside the allow-list.
func (m *Matcher) Check(texts []Text) Report {
	r := Report{Version: m.version}
	for _, t := range texts {
		body, links := t.Body, []string(nil)
		if t.HTML {
			body, links = plain(t.Body)
		}
		r.Findings = append(r.Findings, numbers(body, t.Where)...)
		r.Findings = append(r.Findings, m.words(body, t.Where)...)
		r.Findings = append(r.Findings, docNumbers(body, t.Where)...)
		r.Findings = append(r.Findings, m.links(append(links, bareURLs(body)...), t.Where)...)
	}
	return r
}

func (m *Matcher) links(links []string, where string) []Finding {
	var out []Finding
	seen := map[string]bool{}
	for _, l := range links {
		host := hostOf(l)
		if host == "" || seen[host] || m.allowed(host) {
			continue
		}
		seen[host] = true
		out = append(out, Finding{Kind: ForeignLink, Where: where, Found: host, Context: l})
	}
	return out
}
