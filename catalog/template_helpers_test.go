package catalog_test

import (
	"encoding/csv"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"

	"govmedia"
	"govmedia/catalog"
	"govmedia/registry"
)

// pilotDomains are the 26 pilot domains, as the migration seeds them.
func pilotDomains(t testing.TB) []registry.Domain {
	t.Helper()
	raw, err := os.ReadFile("testdata/pilot-domains.csv")
	if err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(strings.NewReader(string(raw))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []registry.Domain
	for _, r := range records[1:] {
		n, _ := strconv.Atoi(r[2])
		out = append(out, registry.Domain{Code: r[0], Name: r[1], NoticeRow: n})
	}
	if len(out) != 26 {
		t.Fatalf("testdata/pilot-domains.csv holds %d domains, want 26", len(out))
	}
	return out
}

func options(t testing.TB, domain string) catalog.TemplateOptions {
	return catalog.TemplateOptions{Domain: domain, Domains: pilotDomains(t)}
}

// mustParse parses a file the test expects to be read without problems.
func mustParse(t *testing.T, name string, data []byte, opts catalog.TemplateOptions) *catalog.Parsed {
	t.Helper()
	p, err := catalog.ParseTemplate(name, data, opts)
	if err != nil {
		t.Fatalf("parsing %s: %v", name, err)
	}
	return p
}

// fieldErrors parses a file the test expects to be refused, and returns
// its problems as "sheet!row!column!key" lines.
func fieldErrors(t *testing.T, name string, data []byte, opts catalog.TemplateOptions) []string {
	t.Helper()
	p, err := catalog.ParseTemplate(name, data, opts)
	if p != nil {
		t.Fatalf("parsing %s: got %d domains, want the file refused with nothing returned", name, len(p.Domains))
	}
	var list govmedia.FieldErrors
	if !errors.As(err, &list) {
		t.Fatalf("parsing %s: error %v (%T), want govmedia.FieldErrors", name, err, err)
	}
	var out []string
	for _, f := range list {
		out = append(out, f.Sheet+"!"+strconv.Itoa(f.Row)+"!"+f.Column+"!"+f.Err.Key)
	}
	return out
}
