package registry

import (
	"strings"
	"unicode"
)

// HeaderKeys are a header's normal forms, to look it up among the wordings
// a table accepts: full-width letters and digits as ASCII, lower case, no
// spaces, stars or 、/·: marks, the brackets dropped, and then the
// bracketed part dropped too ("联系电话（手机）" → 联系电话手机, 联系电话).
func HeaderKeys(h string) []string {
	var kept, dropped strings.Builder
	depth := 0
	for _, r := range h {
		r = unicode.ToLower(narrow(r))
		switch {
		case unicode.IsSpace(r) || strings.ContainsRune("*、/·:", r):
		case r == '(' || r == '[' || r == '【':
			depth++
		case r == ')' || r == ']' || r == '】':
			depth = max(depth-1, 0)
		default:
			kept.WriteRune(r)
			if depth == 0 {
				dropped.WriteRune(r)
			}
		}
	}
	if kept.String() == dropped.String() {
		return []string{kept.String()}
	}
	return []string{kept.String(), dropped.String()}
}

// noteWords start a note under a table (注：…, 备注：…, 说明1…), and
// footerWords the lines that sign it (填表人：…); a word must be followed by
// punctuation or a number, so that an item such as 注销登记 is not a note.
var (
	noteWords   = []string{"填表说明", "备注", "附注", "说明", "注"}
	footerWords = []string{"填表人", "填报人", "审核人", "联系人", "联系电话", "填报日期", "制表人", "负责人", "审核日期", "制表日期", "填报单位"}
	totalWords  = []string{"合计", "总计", "小计", "共计"}
)

const noteFollowers = ":：、.．,，;；(（0123456789０１２３４５６７８９①②③④⑤⑥⑦⑧⑨⑩ 　\n"

// IsNoteLine reports whether a row whose first cell is first is a note
// under a table (注：…, 备注, 说明1) or a line that signs it (填表人：…).
func IsNoteLine(first string) bool {
	for _, w := range noteWords {
		if rest, ok := strings.CutPrefix(first, w); ok && (rest == "" || startsWithAny(rest, noteFollowers)) {
			return true
		}
	}
	for _, w := range footerWords {
		if rest, ok := strings.CutPrefix(first, w); ok && startsWithAny(rest, ":： 　") {
			return true
		}
	}
	return false
}

// IsTotalLine reports whether a row whose first cell is first is a 合计
// line, which counts the rows above and is none of them.
func IsTotalLine(first string) bool {
	for _, w := range totalWords {
		if rest, ok := strings.CutPrefix(first, w); ok && (rest == "" || startsWithAny(rest, noteFollowers+"共")) {
			return true
		}
	}
	return false
}

func startsWithAny(s, chars string) bool {
	for _, r := range s {
		return strings.ContainsRune(chars, r)
	}
	return false
}
