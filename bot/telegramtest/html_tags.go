package telegramtest

import (
	"errors"
	"fmt"
	"strings"
)

// startTag reads "<name attr=value ...>" and opens an entity.
func (p *htmlParser) startTag() error {
	begin, j := p.i, p.i+1
	for j < len(p.src) && !isSpace(p.src[j]) && p.src[j] != '>' {
		j++
	}
	if j == len(p.src) {
		return fmt.Errorf("Unclosed start tag at byte offset %d", begin)
	}
	name := strings.ToLower(p.src[begin+1 : j])
	if !htmlTags[name] {
		return fmt.Errorf("Unsupported start tag %q at byte offset %d", name, begin)
	}
	attrs, j, err := p.attributes(name, begin, j)
	if err != nil {
		return err
	}
	if err := checkTag(name, attrs, begin); err != nil {
		return err
	}
	p.i = j + 1
	p.stack = append(p.stack, openTag{name: name, attrs: attrs, offset: p.u16, at: p.out.Len()})
	return nil
}

// attributes reads a start tag's attributes from j up to its '>', whose
// index it returns.
func (p *htmlParser) attributes(tag string, begin, j int) (map[string]string, int, error) {
	src, attrs := p.src, map[string]string{}
	unclosed := fmt.Errorf("Unclosed start tag %q at byte offset %d", tag, begin)
	for {
		j = skipSpaces(src, j)
		if j == len(src) {
			return nil, j, unclosed
		}
		if src[j] == '>' {
			return attrs, j, nil
		}
		a := j
		for j < len(src) && !isSpace(src[j]) && src[j] != '=' && src[j] != '>' {
			j++
		}
		name := strings.ToLower(src[a:j])
		if name == "" {
			return nil, j, fmt.Errorf("Empty attribute name in the tag %q at byte offset %d", tag, begin)
		}
		if j = skipSpaces(src, j); j == len(src) {
			return nil, j, unclosed
		}
		if src[j] != '=' {
			if tag == "blockquote" && name == "expandable" {
				attrs[name] = ""
				continue
			}
			return nil, j, fmt.Errorf("Expected equal sign in declaration of an attribute of the tag %q at byte offset %d", tag, begin)
		}
		if j = skipSpaces(src, j+1); j == len(src) {
			return nil, j, unclosed
		}
		value, next, err := attributeValue(src, j)
		if err != nil {
			return nil, next, err
		}
		if j = next; j == len(src) {
			return nil, j, fmt.Errorf("Unclosed start tag at byte offset %d", begin)
		}
		attrs[name] = value
	}
}

// attributeValue reads a quoted string (decoding references) or a name
// token (lower-cased) starting at j.
func attributeValue(src string, j int) (string, int, error) {
	if q := src[j]; q == '"' || q == '\'' {
		var b strings.Builder
		for j++; j < len(src) && src[j] != q; {
			if r, n := decodeEntity(src[j:]); src[j] == '&' && n > 0 {
				b.WriteRune(r)
				j += n
				continue
			}
			b.WriteByte(src[j])
			j++
		}
		if j < len(src) {
			j++
		}
		return b.String(), j, nil
	}
	start := j
	for j < len(src) && (isAlnum(src[j]) || src[j] == '.' || src[j] == '-') {
		j++
	}
	if j == len(src) || !isSpace(src[j]) && src[j] != '>' {
		return "", j, fmt.Errorf("Unexpected end of name token at byte offset %d", start)
	}
	return strings.ToLower(src[start:j]), j, nil
}

// checkTag refuses attributes Telegram refuses.
func checkTag(name string, attrs map[string]string, begin int) error {
	switch name {
	case "span":
		if attrs["class"] != "tg-spoiler" {
			return fmt.Errorf("Tag \"span\" must have class \"tg-spoiler\" at byte offset %d", begin)
		}
	case "tg-emoji":
		id := attrs["emoji-id"]
		if id == "" || spanDigits(id) != len(id) || strings.Trim(id, "0") == "" {
			return errors.New("Invalid custom emoji identifier specified")
		}
	}
	return nil
}

// endTag reads "</name>" and closes the innermost open entity.
func (p *htmlParser) endTag() error {
	begin := p.i
	if len(p.stack) == 0 {
		return fmt.Errorf("Unexpected end tag at byte offset %d", begin)
	}
	j := begin + 2
	for j < len(p.src) && !isSpace(p.src[j]) && p.src[j] != '>' {
		j++
	}
	name := strings.ToLower(p.src[begin+2 : j])
	if j = skipSpaces(p.src, j); j == len(p.src) || p.src[j] != '>' {
		return fmt.Errorf("Unclosed end tag at byte offset %d", begin)
	}
	top := p.stack[len(p.stack)-1]
	if name != "" && name != top.name {
		return fmt.Errorf("Unmatched end tag at byte offset %d, expected \"</%s>\", found \"</%s>\"", begin, top.name, name)
	}
	p.i = j + 1
	p.stack = p.stack[:len(p.stack)-1]
	p.emit(top)
	return nil
}

// skipSpaces returns the index of the first non-space at or after j.
func skipSpaces(s string, j int) int {
	for j < len(s) && isSpace(s[j]) {
		j++
	}
	return j
}

// isAlnum reports whether c is an ASCII letter or digit.
func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// spanDigits is the length of the leading run of ASCII digits.
func spanDigits(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return i
		}
	}
	return len(s)
}
