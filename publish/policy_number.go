package publish

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"govmedia"
)

// DocNumber is a document number (发文字号) in the shape the national
// standard for official documents sets: the issuer's abbreviation, the
// year in six-sided brackets, the serial number and 号, as 昆政办〔2020〕32号.
type DocNumber struct {
	Issuer string // 昆政办
	Year   int    // 2020
	Serial int    // 32
}

// String writes the number in its standard shape.
func (n DocNumber) String() string { return fmt.Sprintf("%s〔%d〕%d号", n.Issuer, n.Year, n.Serial) }

// The brackets offices type for 〔〕 when their input method lacks them:
// square, lenticular, round (half and full width) and the small ﹝﹞ Word
// substitutes. Each is read as 〔 or 〕 and written back as 〔〕.
const (
	openBrackets  = "〔[【(（﹝［"
	closeBrackets = "〕]】)）﹞］"
)

var docNumberShape = regexp.MustCompile(`^(\p{Han}[\p{Han}A-Za-z]{0,15})〔(\d{4})〕(\d{1,5})号$`)

// ParseDocNumber reads a document number as offices type it: spaces
// removed, full-width digits read as digits, any of the usual brackets
// taken for 〔〕. Errors: EINVALID with a message that shows the shape
// (policy.number_shape), or says what is wrong with the year.
func ParseDocNumber(s string, maxYear int) (DocNumber, error) {
	norm := normaliseDocNumber(s)
	if norm == "" {
		return DocNumber{}, govmedia.Errorf(govmedia.EINVALID, "policy.number_required")
	}
	m := docNumberShape.FindStringSubmatch(norm)
	if m == nil {
		return DocNumber{}, govmedia.Errorf(govmedia.EINVALID, "policy.number_shape", "value", shorten(strings.TrimSpace(s)))
	}
	year, _ := strconv.Atoi(m[2])
	serial, _ := strconv.Atoi(m[3])
	switch {
	case year < 1949 || year > maxYear:
		return DocNumber{}, govmedia.Errorf(govmedia.EINVALID, "policy.number_year", "year", year, "max", maxYear)
	case serial == 0:
		return DocNumber{}, govmedia.Errorf(govmedia.EINVALID, "policy.number_serial")
	}
	return DocNumber{Issuer: m[1], Year: year, Serial: serial}, nil
}

// normaliseDocNumber drops spaces, makes full-width digits and letters
// plain, and turns the usual substitutes of 〔〕 into them.
func normaliseDocNumber(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
		case strings.ContainsRune(openBrackets, r):
			b.WriteRune('〔')
		case strings.ContainsRune(closeBrackets, r):
			b.WriteRune('〕')
		case r >= '０' && r <= '９', r >= 'Ａ' && r <= 'Ｚ', r >= 'ａ' && r <= 'ｚ':
			b.WriteRune(r - '０' + '0')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
