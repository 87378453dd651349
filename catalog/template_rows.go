package catalog

import (
	"slices"
	"strings"
)

// noteWords start a note under the table (注：…, 备注：…, 说明1…), and
// footerWords the lines that sign it (填表人：…); a word must be followed by
// punctuation or a number, so that an item such as 注销登记 is not a note.
var (
	noteWords   = []string{"填表说明", "备注", "附注", "说明", "注"}
	footerWords = []string{"填表人", "填报人", "审核人", "联系人", "联系电话", "填报日期", "制表人", "负责人", "审核日期", "制表日期", "填报单位"}
	totalWords  = []string{"合计", "总计", "小计", "共计"}
)

const noteFollowers = ":：、.．,，;；(（0123456789０１２３４５６７８９①②③④⑤⑥⑦⑧⑨⑩ 　\n"

// isNote reports whether r is a note under the table.
func isNote(r row) bool {
	first := firstCell(r)
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

// isTotal reports whether r is a 合计 line, which counts items and is none.
func isTotal(r row) bool {
	first := firstCell(r)
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

func firstCell(r row) string {
	for _, c := range r.cells {
		if c != "" {
			return c
		}
	}
	return ""
}

// rowText is a row's text as one line, each merged value once.
func rowText(r row) string {
	var parts []string
	for _, c := range r.cells {
		if c != "" && !slices.Contains(parts, c) {
			parts = append(parts, c)
		}
	}
	return strings.Join(parts, " ")
}

// substantive reports whether r holds an item of its own: some text, a
// checked channel or a mark that is not "no". A blank row of a template
// with only its 序号, unchecked □ boxes or values merged down from the
// rows above is none.
func substantive(r row, cols []column) bool {
	for _, c := range cols {
		cell := r.cell(c.index)
		if !r.own(c.index) {
			continue
		}
		switch c.field {
		case seqField:
		case channelsField:
			if chs, _ := parseChannels(cell); len(chs) > 0 {
				return true
			}
		case audienceMark, modeMark, levelMark, channelMark:
			if yes, ok := readMark(cell); yes || !ok {
				return true
			}
		default:
			return true
		}
	}
	return false
}
