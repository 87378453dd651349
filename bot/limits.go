package bot

import (
	"html"
	"slices"
	"strings"
	"unicode/utf16"

	xhtml "golang.org/x/net/html"

	"govmedia"
)

// Telegram's limits on what a bot sends (Bot API: sendMessage, captions,
// InlineKeyboardButton). Text is counted after its HTML is parsed, in
// UTF-16 code units, as Telegram counts it.
const (
	maxText         = 4096
	maxCaption      = 1024
	maxCallbackData = 64
)

// visibleLen is the length Telegram counts of an HTML text: its characters
// once tags are removed and entities decoded, in UTF-16 code units.
func visibleLen(text string) int {
	n := 0
	z := xhtml.NewTokenizer(strings.NewReader(text))
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return n
		case xhtml.TextToken:
			for _, r := range string(z.Text()) {
				n += utf16.RuneLen(r)
			}
		}
	}
}

// fitText returns text if Telegram takes it, else its first whole lines
// that fit within limit with a note (made only then) after them, every tag left open closed,
// so that a long message is cut, never refused.
func fitText(text string, limit int, noteOf func() string) string {
	if visibleLen(text) <= limit {
		return text
	}
	note := noteOf()
	room := limit - visibleLen(note) - 1
	var kept []string
	used := 0
	for _, line := range strings.Split(text, "\n") {
		n := visibleLen(line) + 1
		if used+n > room {
			break
		}
		kept, used = append(kept, line), used+n
	}
	head := strings.Join(kept, "\n")
	if len(kept) == 0 {
		head = cutPlain(text, room)
	}
	return closeTags(head) + "\n" + note
}

// cutPlain is the first room characters of text's visible text, escaped.
func cutPlain(text string, room int) string {
	var b strings.Builder
	z := xhtml.NewTokenizer(strings.NewReader(text))
	n := 0
	for z.Next() != xhtml.ErrorToken {
		tok := z.Token()
		if tok.Type != xhtml.TextToken {
			continue
		}
		for _, r := range tok.Data {
			if n += utf16.RuneLen(r); n > room {
				return html.EscapeString(b.String())
			}
			b.WriteRune(r)
		}
	}
	return html.EscapeString(b.String())
}

// closeTags appends the closing tags of the elements text leaves open.
func closeTags(text string) string {
	var open []string
	z := xhtml.NewTokenizer(strings.NewReader(text))
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			break
		}
		name, _ := z.TagName()
		switch tt {
		case xhtml.StartTagToken:
			open = append(open, string(name))
		case xhtml.EndTagToken:
			if i := slices.Index(open, string(name)); i >= 0 {
				open = open[:i]
			}
		}
	}
	for i := len(open) - 1; i >= 0; i-- {
		text += "</" + open[i] + ">"
	}
	return text
}

// fitLines keeps the lines that fit in budget visible characters and, if
// some do not, ends with more(n), n the lines left out: a long list ends
// with "还有 N 项" rather than being cut or refused. It returns the lines
// to show and how many of the given lines they hold.
func fitLines(lines []string, budget int, more func(n int) string) ([]string, int) {
	total := 0
	for _, l := range lines {
		total += visibleLen(l) + 1
	}
	if total <= budget {
		return lines, len(lines)
	}
	used := 0
	for i, line := range lines {
		n := visibleLen(line) + 1
		if used+n+visibleLen(more(len(lines)-i-1))+1 > budget {
			return append(slices.Clone(lines[:i]), more(len(lines)-i)), i
		}
		used += n
	}
	return lines, len(lines)
}

// pages splits a long text at line ends into parts Telegram takes, each
// within limit once a header of up to headerRoom characters is put on it.
func pages(text string, limit, headerRoom int) []string {
	if visibleLen(text) <= limit {
		return []string{text}
	}
	var out []string
	var cur []string
	used := 0
	for _, line := range strings.Split(text, "\n") {
		n := visibleLen(line) + 1
		if used+n > limit-headerRoom && len(cur) > 0 {
			out, cur, used = append(out, strings.Join(cur, "\n")), nil, 0
		}
		if n > limit-headerRoom {
			line = closeTags(cutPlain(line, limit-headerRoom-2)) + "…"
			n = limit - headerRoom
		}
		cur, used = append(cur, line), used+n
	}
	return append(out, strings.Join(cur, "\n"))
}

// listBudget is how much of a message a list may take, leaving room for
// its title and a few lines around it.
const listBudget = maxText - 400

// fitList fits a list's lines into a message: the lines shown, ending with
// "还有 N 项" when some are left out, and how many of the items are shown
// (so that their buttons can be cut alike).
func fitList(lang govmedia.Language, lines []string) ([]string, int) {
	return fitLines(lines, listBudget, func(n int) string { return tr(lang, "bot.list_more", "count", n) })
}

// maxButtonRows bounds the rows of buttons under one message.
const maxButtonRows = 40
