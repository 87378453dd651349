package secretscan

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"testing"
)

type recorder struct{ errs []string }

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

// TestScanFindsSecretsAndPersonalDataWhereTheyMayNotBe seeds a secret and
// a phone, and outputs that hold them where they may and may not be.
func TestScanFindsSecretsAndPersonalDataWhereTheyMayNotBe(t *testing.T) {
	s := &Scan{}
	s.Secret("AppSecret", "0123456789abcdef0123456789abcdef", "x")
	s.Personal("phone", "13912345678")
	s.Output("a log", func() []string { return Lines("ok\ncalling with 0123456789abcdef0123456789abcdef\nphone 13912345678") })
	s.OutputForMembers("a card", func() []string { return []string{"负责人电话 13912345678", "短值 x"} })
	s.OutputForMembers("a leaky card", func() []string { return []string{"AppSecret 0123456789abcdef0123456789abcdef"} })
	var r recorder
	s.check(&r)
	if len(r.errs) != 3 {
		t.Fatalf("want 3 findings (the secret and the phone in the log, the secret on a card), got %d:\n%s", len(r.errs), strings.Join(r.errs, "\n"))
	}
	for _, e := range r.errs {
		if strings.Contains(e, "0123456789abcdef0123456789abcdef") || strings.Contains(e, "13912345678") {
			t.Errorf("a finding repeats the secret: %s", e)
		}
	}
}

// TestFileTextReadsInsideWorkbooks finds a value in a zip's entries.
func TestFileTextReadsInsideWorkbooks(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("xl/sharedStrings.xml")
	_, _ = w.Write([]byte("<si><t>13912345678</t></si>"))
	_ = zw.Close()
	if !strings.Contains(FileText(buf.Bytes()), "13912345678") {
		t.Fatal("the value inside the workbook was not read")
	}
	if FileText([]byte("plain 13912345678")) != "plain 13912345678" {
		t.Fatal("a plain file is not read as itself")
	}
}
