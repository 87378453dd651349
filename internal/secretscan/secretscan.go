// Package secretscan checks, at the end of a test, that nothing the test
// made the service produce — log lines, chat messages, pages, exported
// files, WeChat messages — holds one of the secrets the test seeded
// (AppSecrets, tokens, AES keys, keys, phone numbers, citizens' openids).
// The end-to-end harnesses (the bot's world, the citizens' WeChat world,
// the newcomer's sandbox) register their seeds and their outputs, so that
// every test built on them is scanned.
package secretscan

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"sync"
	"testing"
)

// minLen is the shortest value worth looking for: shorter ones (a "1")
// would be found everywhere by chance.
const minLen = 6

// Scan is one test's seeds and outputs.
type Scan struct {
	mu       sync.Mutex
	secrets  []seed
	personal []seed
	outputs  []output
}

type seed struct{ label, value string }

type output struct {
	what string
	// mayShowPersonal: the design shows personal data here to those who may
	// see it (an application's card shows its approvers the phone in full).
	mayShowPersonal bool
	read            func() []string
}

// New returns a scan that checks tb's outputs when tb ends. Register it
// before the parts whose clean-up it must outlive, so that it runs last.
func New(tb testing.TB) *Scan {
	s := &Scan{}
	tb.Cleanup(func() {
		if !tb.Failed() {
			s.check(tb)
		}
	})
	return s
}

// Secret adds values that must appear in no output: keys, AppSecrets,
// tokens, AES keys, citizens' openids.
func (s *Scan) Secret(label string, values ...string) { s.add(&s.secrets, label, values) }

// Personal adds values that only those who may see them are shown, in
// the outputs that say so, and that appear in no other output (logs,
// public pages, exports): phone numbers, citizens' messages.
func (s *Scan) Personal(label string, values ...string) { s.add(&s.personal, label, values) }

func (s *Scan) add(to *[]seed, label string, values []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range values {
		if len(v) >= minLen {
			*to = append(*to, seed{label, v})
		}
	}
}

// Output adds an output, read when the test ends.
func (s *Scan) Output(what string, read func() []string) { s.addOutput(what, false, read) }

// OutputForMembers adds an output shown to members, which may hold the
// personal data the design shows them (never a secret).
func (s *Scan) OutputForMembers(what string, read func() []string) { s.addOutput(what, true, read) }

func (s *Scan) addOutput(what string, personal bool, read func() []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.outputs = append(s.outputs, output{what, personal, read})
}

// errorer is what check reports to (a test).
type errorer interface {
	Errorf(format string, args ...any)
}

// check fails tb for each output holding a seed, naming the seed by its
// label and a few of its characters only.
func (s *Scan) check(tb errorer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, o := range s.outputs {
		seeds := s.secrets
		if !o.mayShowPersonal {
			seeds = append(append([]seed(nil), s.secrets...), s.personal...)
		}
		for _, text := range o.read() {
			for _, sd := range seeds {
				if strings.Contains(text, sd.value) {
					tb.Errorf("secretscan: the %s (%.4s…) is in %s: %s", sd.label, sd.value, o.what, around(text, sd.value))
				}
			}
		}
	}
}

// around is the context of the first v in text, with v itself masked.
func around(text, v string) string {
	i := strings.Index(text, v)
	from, to := max(0, i-40), min(len(text), i+len(v)+40)
	return strings.ToValidUTF8(strings.ReplaceAll(text[from:to], v, "«secret»"), "")
}

// FileText is a file's text as a reader would see it: the entries of a
// zip (xlsx, docx) one after the other, else the bytes themselves.
func FileText(data []byte) string {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return string(data)
	}
	var b strings.Builder
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			continue
		}
		_, _ = io.Copy(&b, io.LimitReader(rc, 64<<20))
		rc.Close()
		b.WriteByte('\n')
	}
	return b.String()
}

// Lines splits a log into its lines, for Output.
func Lines(log string) []string { return strings.Split(log, "\n") }
