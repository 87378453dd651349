package telegramtest

import (
	"strconv"
	"strings"
)

// entityTypes maps the simple tags to their entity types.
var entityTypes = map[string]string{
	"b": "bold", "strong": "bold", "i": "italic", "em": "italic",
	"u": "underline", "ins": "underline", "s": "strikethrough", "strike": "strikethrough",
	"del": "strikethrough", "span": "spoiler", "tg-spoiler": "spoiler",
}

// emit turns a closed tag into an entity; empty ones are dropped, as
// Telegram drops them.
func (p *htmlParser) emit(t openTag) {
	e := MessageEntity{Offset: t.offset, Length: p.u16 - t.offset}
	if e.Length == 0 {
		return
	}
	switch t.name {
	case "a":
		e.Type, e.URL = "text_link", t.attrs["href"]
		if e.URL == "" {
			e.URL = p.out.String()[t.at:]
		}
		if id, ok := tgUserID(e.URL); ok {
			e.Type, e.URL, e.User = "text_mention", "", &User{ID: id}
		} else if !plausibleURL(e.URL) {
			return
		}
	case "code":
		e.Type, e.Language = "code", strings.TrimPrefix(t.attrs["class"], "language-")
		if !strings.HasPrefix(t.attrs["class"], "language-") {
			e.Language = ""
		}
	case "pre":
		p.emitPre(e)
		return
	case "blockquote":
		e.Type = "blockquote"
		if _, ok := t.attrs["expandable"]; ok {
			e.Type = "expandable_blockquote"
		}
	case "tg-emoji":
		e.Type, e.CustomEmojiID = "custom_emoji", t.attrs["emoji-id"]
	default:
		e.Type = entityTypes[t.name]
	}
	p.entities = append(p.entities, e)
}

// emitPre adds a pre entity; a <code class="language-x"> filling it exactly
// gives it its language, as "<pre><code class=...>" is documented to do.
func (p *htmlParser) emitPre(e MessageEntity) {
	e.Type = "pre"
	if n := len(p.entities); n > 0 {
		last := p.entities[n-1]
		if last.Type == "code" && last.Offset == e.Offset && last.Length == e.Length && last.Language != "" {
			e.Language = last.Language
			p.entities = p.entities[:n-1]
		}
	}
	p.entities = append(p.entities, e)
}

// plausibleURL accepts the links Telegram would keep: a scheme it knows or
// a bare host name.
func plausibleURL(u string) bool {
	u = strings.TrimSpace(u)
	if u == "" || strings.ContainsAny(u, " \n") {
		return false
	}
	for _, scheme := range []string{"http://", "https://", "tg://", "ton://", "mailto:"} {
		if strings.HasPrefix(strings.ToLower(u), scheme) {
			return true
		}
	}
	return strings.Contains(u, ".") && !strings.Contains(u, "://")
}

// tgUserID reads the id from a tg://user?id= link, for a text mention.
func tgUserID(u string) (int64, bool) {
	rest, ok := strings.CutPrefix(strings.ToLower(u), "tg://user?id=")
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	return id, err == nil && id > 0
}
