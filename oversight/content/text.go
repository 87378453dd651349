package content

import (
	"net/url"
	"strings"

	xhtml "golang.org/x/net/html"
)

// contextChars is how much of the text either side a finding shows.
const contextChars = 12

// around is the text around bytes [start, end), with every long run of
// digits in it masked, so that a finding never spells out a person's
// number; mark also masks the match itself.
func around(text string, start, end int, mark bool) string {
	before, after := []rune(text[:start]), []rune(text[end:])
	b := string(before[max(0, len(before)-contextChars):])
	a := string(after[:min(len(after), contextChars)])
	found := text[start:end]
	if mark {
		found = mask(found)
	}
	return maskDigits(b) + "【" + found + "】" + maskDigits(a)
}

// maskDigits masks runs of seven digits or more.
func maskDigits(s string) string {
	return digitRun.ReplaceAllStringFunc(s, func(run string) string {
		if len(run) < 7 {
			return run
		}
		return mask(run)
	})
}

// plain is an HTML body's text, what a reader sees, and the addresses of
// its links and images.
func plain(body string) (string, []string) {
	var b strings.Builder
	var links []string
	z := xhtml.NewTokenizer(strings.NewReader(body))
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return b.String(), links
		case xhtml.TextToken:
			b.Write(z.Text())
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			for {
				key, val, more := z.TagAttr()
				if k := string(key); k == "href" || k == "src" {
					links = append(links, string(val))
				}
				if !more {
					break
				}
			}
			b.WriteString(" ")
		case xhtml.EndTagToken:
			b.WriteString(" ")
		}
	}
}

// bareURL finds addresses written out in text.
func bareURLs(text string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(text, func(r rune) bool {
		return r == ' ' || r == '\n' || r == '\t' || r == '，' || r == '。' || r == '“' || r == '”' || r == '（' || r == '）' || r == '<' || r == '>' || r == '"'
	}) {
		if i := strings.Index(f, "http://"); i >= 0 {
			out = append(out, f[i:])
		} else if i := strings.Index(f, "https://"); i >= 0 {
			out = append(out, f[i:])
		}
	}
	return out
}

// hostOf is a link's host, lowered; "" for a link that names none (a
// relative address, a govmedia: image).
func hostOf(link string) string {
	u, err := url.Parse(strings.TrimSpace(link))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	return strings.ToLower(u.Hostname())
}
