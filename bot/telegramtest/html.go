package telegramtest

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// htmlTags are the tags of the Bot API's HTML style.
var htmlTags = map[string]bool{
	"a": true, "b": true, "strong": true, "i": true, "em": true, "u": true, "ins": true,
	"s": true, "strike": true, "del": true, "span": true, "tg-spoiler": true,
	"code": true, "pre": true, "blockquote": true, "tg-emoji": true,
}

// openTag is a start tag waiting for its end tag.
type openTag struct {
	name   string
	attrs  map[string]string
	offset int // UTF-16 offset in the text where the tag opened
	at     int // byte offset in the output where the tag opened
}

// htmlParser turns parse_mode=HTML text into plain text and entities,
// refusing what Telegram refuses with the same wording (the caller adds
// "can't parse entities: ").
type htmlParser struct {
	src       string
	i         int
	out       strings.Builder
	u16       int
	stack     []openTag
	entities  []MessageEntity
	strictAmp bool
}

// parseHTML parses src; strictAmp also refuses a "&" that starts no entity.
func parseHTML(src string, strictAmp bool) (string, []MessageEntity, error) {
	p := &htmlParser{src: src, strictAmp: strictAmp}
	for p.i < len(p.src) {
		if err := p.step(); err != nil {
			return "", nil, err
		}
	}
	if n := len(p.stack); n > 0 {
		return "", nil, fmt.Errorf("Can't find end tag corresponding to start tag %q", p.stack[n-1].name)
	}
	for i := range p.entities {
		if p.entities[i].Type == "code" {
			p.entities[i].Language = ""
		}
	}
	slices.SortStableFunc(p.entities, func(a, b MessageEntity) int {
		if a.Offset != b.Offset {
			return a.Offset - b.Offset
		}
		return b.Length - a.Length
	})
	return p.out.String(), p.entities, nil
}

// step consumes one character, entity or tag.
func (p *htmlParser) step() error {
	switch {
	case p.src[p.i] == '&':
		return p.entity()
	case p.src[p.i] != '<':
		r, size := utf8.DecodeRuneInString(p.src[p.i:])
		p.out.WriteString(p.src[p.i : p.i+size])
		p.u16 += utf16.RuneLen(r)
		p.i += size
		return nil
	case p.i+1 < len(p.src) && p.src[p.i+1] == '/':
		return p.endTag()
	}
	return p.startTag()
}

// entity decodes "&lt;", "&#65;" and the like; any other "&" is text.
func (p *htmlParser) entity() error {
	r, n := decodeEntity(p.src[p.i:])
	switch {
	case n > 0 && r >= 0xD800 && r <= 0xDFFF:
		return errors.New("Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units")
	case n > 0:
		p.out.WriteRune(r)
		p.u16 += utf16.RuneLen(r)
		p.i += n
	case p.strictAmp:
		return fmt.Errorf("Unescaped \"&\" at byte offset %d", p.i)
	default:
		p.out.WriteByte('&')
		p.u16++
		p.i++
	}
	return nil
}

// decodeEntity reads the character reference s starts with; n is 0 when it
// is none. Only &lt; &gt; &amp; &quot; and numeric references count, the
// semicolon being optional.
func decodeEntity(s string) (r rune, n int) {
	j := 1
	if strings.HasPrefix(s, "&#") {
		base := 10
		j = 2
		if len(s) > 2 && (s[2] == 'x' || s[2] == 'X') {
			base, j = 16, 3
		}
		start := j
		for j < len(s) && digitValue(s[j], base) >= 0 {
			r = min(r*rune(base)+rune(digitValue(s[j], base)), 0x110000)
			j++
		}
		if j == start || r == 0 || r >= 0x10FFFF || j >= 10 {
			return 0, 0
		}
	} else {
		for j < len(s) && (s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z') {
			j++
		}
		named := map[string]rune{"lt": '<', "gt": '>', "amp": '&', "quot": '"'}
		var ok bool
		if r, ok = named[s[1:j]]; !ok {
			return 0, 0
		}
	}
	if j < len(s) && s[j] == ';' {
		j++
	}
	return r, j
}

// digitValue is the value of c as a digit in base, or -1.
func digitValue(c byte, base int) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case base == 16 && c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case base == 16 && c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// isSpace reports whether c is HTML white space.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}
