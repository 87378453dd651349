package content

import (
	"unicode/utf8"

	"govmedia"
)

// Kind is what a finding is.
type Kind string

// The kinds of finding; the first five block a submission.
const (
	IDNumber    Kind = "id_number"    // a resident ID number with a valid check digit
	Mobile      Kind = "mobile"       // a mainland mobile number
	BankCard    Kind = "bank_card"    // a card number passing the Luhn check
	Blocked     Kind = "blocked"      // a word on the blocked list
	ForeignLink Kind = "foreign_link" // a link to a host outside the allow-list
	Sensitive   Kind = "sensitive"    // a word on the sensitive list
	Correction  Kind = "correction"   // a known wrong expression
	DocNumber   Kind = "doc_number"   // a document number in an outdated shape
)

// Blocking reports whether a finding of this kind refuses a submission.
func (k Kind) Blocking() bool {
	switch k {
	case IDNumber, Mobile, BankCard, Blocked, ForeignLink:
		return true
	}
	return false
}

// Finding is one thing found, with its place: the part (as the caller
// named it, such as "第 1 篇 · 正文"), the character it starts at, what was
// found (personal numbers masked) and the text around it (masked alike).
type Finding struct {
	Kind       Kind   `json:"kind"`
	Where      string `json:"where"`
	At         int    `json:"at"` // characters from the start of the part, from 1
	Found      string `json:"found"`
	Context    string `json:"context"`
	Correction string `json:"correction,omitempty"` // what a wrong expression should read
}

// Report is everything found in a submission.
type Report struct {
	Findings []Finding `json:"findings,omitempty"`
	Version  int64     `json:"lists_version,omitempty"` // the lists it was checked against
}

// Blocking lists the findings that refuse the submission.
func (r Report) Blocking() []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Kind.Blocking() {
			out = append(out, f)
		}
	}
	return out
}

// Warnings lists the findings for the reviewer.
func (r Report) Warnings() []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if !f.Kind.Blocking() {
			out = append(out, f)
		}
	}
	return out
}

// Text is one part of a submission to check: an article's title or body,
// a catalog item's content. HTML bodies have their links checked and
// their tags left out of the words.
type Text struct {
	Where string
	Body  string
	HTML  bool
}

// charAt is the 1-based character position of byte offset i in s.
func charAt(s string, i int) int { return utf8.RuneCountInString(s[:i]) + 1 }

// Message renders a finding in lang: where, what, and the text around.
func (f Finding) Message(lang govmedia.Language) string {
	return govmedia.Print(lang, "content.found."+string(f.Kind), "at", f.At, "found", f.Found, "context", f.Context, "correction", f.Correction)
}

// Refusal is the error of a submission holding blocking findings: each
// with its place, in the user's language; nil when there is none.
func (r Report) Refusal() error {
	blocking := r.Blocking()
	if len(blocking) == 0 {
		return nil
	}
	errs := make(govmedia.FieldErrors, len(blocking))
	for i, f := range blocking {
		errs[i] = govmedia.FieldError{Column: f.Where, Err: govmedia.Errorf(govmedia.EINVALID, "content.found."+string(f.Kind),
			"at", f.At, "found", f.Found, "context", f.Context, "correction", f.Correction)}
	}
	return errs
}
