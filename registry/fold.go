package registry

import (
	"strings"
	"unicode"
)

// What people type into a spreadsheet in Chinese mixes full-width and
// half-width forms (１３９, ＡｐｐＩＤ, （订阅号）, 　) and leaves stray spaces
// ("五华区 教育体育局"). Two foldings, as NFKC would do them but only where
// that is safe:
//   - foldText, for what is stored: full-width letters and digits become
//     ASCII, every kind of space one plain space, spaces next to Chinese
//     characters and runs of spaces go; Chinese punctuation stays as
//     written (a name's （官方） is not made ASCII).
//   - matchKey, for what is only compared (unit, domain, platform and
//     state words): foldText, then every full-width form as ASCII, no
//     spaces at all, lower case.

// narrow is the ASCII form of a full-width ASCII character, r otherwise.
func narrow(r rune) rune {
	if r >= 0xFF01 && r <= 0xFF5E {
		return r - 0xFEE0
	}
	return r
}

// narrowAlnum is narrow for letters and digits only.
func narrowAlnum(r rune) rune {
	if n := narrow(r); n != r && (unicode.IsLetter(n) || unicode.IsDigit(n)) {
		return n
	}
	return r
}

// foldText folds a cell's text for storing (see above).
func foldText(s string) string {
	var out []rune
	space := false
	for _, r := range s {
		switch {
		case r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff':
		case unicode.IsSpace(r):
			space = len(out) > 0
		default:
			r = narrowAlnum(r)
			if space && !wide(out[len(out)-1]) && !wide(r) {
				out = append(out, ' ')
			}
			out, space = append(out, r), false
		}
	}
	return string(out)
}

// wide reports whether r is a Chinese character or a full-width sign,
// beside which a space is never meant.
func wide(r rune) bool {
	return unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef) ||
		r == '“' || r == '”' || r == '‘' || r == '’' || r == '—' || r == '…' || r == '·'
}

// matchKey folds a word for comparing (see above).
func matchKey(s string) string {
	var b strings.Builder
	for _, r := range foldText(s) {
		r = narrow(r)
		switch r {
		case ' ':
			continue
		case '【':
			r = '['
		case '】':
			r = ']'
		case '—', '－':
			r = '-'
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
