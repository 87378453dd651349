package telegramtest

import (
	"fmt"
	"strings"
	"testing"
)

// describe renders entities as "type offset+length extra" for comparison.
func describe(es []MessageEntity) string {
	var parts []string
	for _, e := range es {
		s := fmt.Sprintf("%s %d+%d", e.Type, e.Offset, e.Length)
		for _, extra := range []string{e.URL, e.Language, e.CustomEmojiID} {
			if extra != "" {
				s += " " + extra
			}
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}

func TestParseHTMLBuildsEntities(t *testing.T) {
	cases := []struct{ in, text, entities string }{
		{"<b>a<i>b</i></b>", "ab", "bold 0+2, italic 1+1"},
		{"<strong>x</strong><em>y</em><ins>z</ins><del>w</del>", "xyzw", "bold 0+1, italic 1+1, underline 2+1, strikethrough 3+1"},
		{`<pre><code class="language-go">x := 1</code></pre>`, "x := 1", "pre 0+6 go"},
		{`<code class="language-go">y</code>`, "y", "code 0+1"},
		{`<a href="https://example.com/?a=1&amp;b=2">site</a>`, "site", "text_link 0+4 https://example.com/?a=1&b=2"},
		{"<blockquote expandable>q</blockquote>", "q", "expandable_blockquote 0+1"},
		{`<span class="tg-spoiler">s</span><tg-spoiler>t</tg-spoiler>`, "st", "spoiler 0+1, spoiler 1+1"},
		{`<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>`, "👍", "custom_emoji 0+2 5368324170671202286"},
		{"😀<b>x</b>", "😀x", "bold 2+1"},
		{"&lt;&gt;&amp;&quot;&#65;&#x42;&lt", `<>&"AB<`, ""},
		{"Tom & Jerry &nbsp;", "Tom & Jerry &nbsp;", ""},
		{"<B>caps</B>", "caps", "bold 0+4"},
	}
	for _, c := range cases {
		text, entities, err := parseHTML(c.in, false)
		if err != nil || text != c.text || describe(entities) != c.entities {
			t.Errorf("parseHTML(%q): expected %q [%s], got %q [%s] %v", c.in, c.text, c.entities, text, describe(entities), err)
		}
	}
}

func TestParseHTMLRefusesLikeTelegram(t *testing.T) {
	cases := map[string]string{
		"привет <br>":                          `Unsupported start tag "br" at byte offset 13`,
		"<<b>1</b>":                            `Unsupported start tag "<b" at byte offset 0`,
		"x <b":                                 "Unclosed start tag at byte offset 2",
		"<a href":                              `Unclosed start tag "a" at byte offset 0`,
		`<a href="x"`:                          "Unclosed start tag at byte offset 0",
		`<a ="x">y</a>`:                        `Empty attribute name in the tag "a" at byte offset 0`,
		`<b bold>x</b>`:                        `Expected equal sign in declaration of an attribute of the tag "b" at byte offset 0`,
		"<b>x</b":                              "Unclosed end tag at byte offset 4",
		`<tg-emoji emoji-id="-5">x</tg-emoji>`: "Invalid custom emoji identifier specified",
	}
	for in, want := range cases {
		if _, _, err := parseHTML(in, false); err == nil || err.Error() != want {
			t.Errorf("parseHTML(%q): expected error %q, got %v", in, want, err)
		}
	}
}

func TestRefuseBareAmpersandCatchesUnescapedText(t *testing.T) {
	if _, _, err := parseHTML("a &amp; b", true); err != nil {
		t.Fatalf("expected an escaped ampersand to pass, got %v", err)
	}
	if _, _, err := parseHTML("a & b", true); err == nil || err.Error() != `Unescaped "&" at byte offset 2` {
		t.Fatalf("expected the bare ampersand to be refused, got %v", err)
	}
}
