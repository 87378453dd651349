package content

import (
	"regexp"
	"strings"
)

// digitRun finds runs of digits (an ID number may end in X), so that a
// number inside a longer one is not taken for a number of its own.
var digitRun = regexp.MustCompile(`[0-9]+[Xx]?`)

// idWeights are the weights of GB 11643's check digit.
var idWeights = []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const idChecks = "10X98765432"

// validID reports whether s is an 18-character resident ID number with a
// plausible birth date and a valid check digit.
func validID(s string) bool {
	if len(s) != 18 {
		return false
	}
	sum := 0
	for i := range 17 {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
		sum += int(s[i]-'0') * idWeights[i]
	}
	year, month, day := s[6:10], s[10:12], s[12:14]
	if year < "1900" || year > "2099" || month < "01" || month > "12" || day < "01" || day > "31" {
		return false
	}
	return strings.ToUpper(s[17:]) == string(idChecks[sum%11])
}

// validMobile reports whether s is an 11-digit mainland mobile number.
func validMobile(s string) bool {
	return len(s) == 11 && s[0] == '1' && s[1] >= '3' && s[1] <= '9'
}

// validCard reports whether s is a 16- to 19-digit number passing Luhn's
// check, as bank cards do.
func validCard(s string) bool {
	if len(s) < 16 || len(s) > 19 {
		return false
	}
	sum, double := 0, false
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
		d := int(s[i] - '0')
		if double {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum, double = sum+d, !double
	}
	return sum%10 == 0
}

// numbers finds the personal numbers of a text.
func numbers(text string, where string) []Finding {
	var out []Finding
	for _, m := range digitRun.FindAllStringIndex(text, -1) {
		s := text[m[0]:m[1]]
		kind := Kind("")
		switch {
		case validID(s):
			kind = IDNumber
		case validMobile(s):
			kind = Mobile
		case validCard(s):
			kind = BankCard
		}
		if kind != "" {
			out = append(out, Finding{Kind: kind, Where: where, At: charAt(text, m[0]), Found: mask(s), Context: around(text, m[0], m[1], true)})
		}
	}
	return out
}

// mask keeps the first three and last four characters of a number.
func mask(s string) string {
	if len(s) <= 7 {
		return strings.Repeat("*", len(s))
	}
	return s[:3] + strings.Repeat("*", len(s)-7) + s[len(s)-4:]
}

// docNumber finds document numbers written with brackets other than 〔〕:
// 昆政办[2020]32号, 昆政办（2020）32号, 昆政办【2020】32号.
var docNumber = regexp.MustCompile(`(\p{Han}{1,6})[\[［(（【﹝]((?:19|20)\d{2})[\]］)）】﹞](\d{1,4})号`)

// issuerCut are words that come before an issuer's abbreviation, not in it
// ("印发昆政办…": the issuer is 昆政办).
var issuerCut = []string{"印发", "转发", "根据", "按照", "依据", "关于", "执行", "落实", "的"}

func docNumbers(text, where string) []Finding {
	var out []Finding
	for _, m := range docNumber.FindAllStringSubmatchIndex(text, -1) {
		start := m[2]
		issuer := text[m[2]:m[3]]
		for _, w := range issuerCut {
			if i := strings.LastIndex(issuer, w); i >= 0 && i+len(w) < len(issuer) {
				start, issuer = start+i+len(w), issuer[i+len(w):]
			}
		}
		fixed := issuer + "〔" + text[m[4]:m[5]] + "〕" + text[m[6]:m[7]] + "号"
		out = append(out, Finding{Kind: DocNumber, Where: where, At: charAt(text, start), Found: text[start:m[1]],
			Context: around(text, start, m[1], false), Correction: fixed})
	}
	return out
}
