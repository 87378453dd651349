package sandbox_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"govmedia/web/sandbox"
	"govmedia/web/sandbox/browsertest"
)

// entityCase is a message text with its entities and the HTML the page
// must build for it.
type entityCase struct {
	Name     string
	Text     string
	Entities string // JSON list of MessageEntity
	Want     string // innerHTML
}

const link = ` target="_blank" rel="noopener noreferrer nofollow"`

var entityCases = []entityCase{
	{"markup in the text stays text", `<b>x</b> & <script>alert(1)</script>`, `[]`,
		`&lt;b&gt;x&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;`},
	{"offsets count UTF-16 units", "👍 好 bold", `[{"type":"bold","offset":5,"length":4}]`,
		`👍 好 <strong>bold</strong>`},
	{"overlapping entities are split", "abcdefgh", `[{"type":"bold","offset":0,"length":5},{"type":"italic","offset":3,"length":5}]`,
		`<strong>abc<em>de</em></strong><em>fgh</em>`},
	{"a javascript link is no link", "click", `[{"type":"text_link","offset":0,"length":5,"url":"javascript:alert(1)"}]`,
		`<span class="link-off" title="javascript:alert(1)">click</span>`},
	{"a bare host becomes https", "site", `[{"type":"text_link","offset":0,"length":4,"url":"example.gov.cn/x"}]`,
		`<a href="https://example.gov.cn/x"` + link + ` title="https://example.gov.cn/x">site</a>`},
	{"links and commands in plain text are found", "see https://a.gov.cn/x. or /help now", `[]`,
		`see <a href="https://a.gov.cn/x"` + link + ` title="https://a.gov.cn/x">https://a.gov.cn/x</a>. or <span class="command" role="link" tabindex="0">/help</span> now`},
	{"a block takes its line breaks", "title\nquoted\nafter", `[{"type":"blockquote","offset":6,"length":6}]`,
		`title<blockquote>quoted</blockquote>after`},
	{"pre keeps its language", "x := 1", `[{"type":"pre","offset":0,"length":6,"language":"go"}]`,
		`<pre data-lang="go"><code>x := 1</code></pre>`},
	{"a spoiler is hidden", "secret", `[{"type":"spoiler","offset":0,"length":6}]`,
		`<span class="spoiler" title="点击显示 / click to reveal">secret</span>`},
	{"an entity past the end is clipped", "abcdef", `[{"type":"bold","offset":3,"length":100}]`,
		`abc<strong>def</strong>`},
	{"nothing is detected inside code", "https://x.cn /start", `[{"type":"code","offset":0,"length":19}]`,
		`<code>https://x.cn /start</code>`},
	{"underline, strike and mentions", "u s @ann", `[{"type":"underline","offset":0,"length":1},{"type":"strikethrough","offset":2,"length":1},{"type":"mention","offset":4,"length":4}]`,
		`<u>u</u> <s>s</s> <span class="mention">@ann</span>`},
}

func TestEntitiesBecomeElementsNeverMarkup(t *testing.T) {
	srv := httptest.NewServer(sandbox.Handler(nil))
	t.Cleanup(srv.Close)
	ctx := browsertest.New(t)
	step, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := chromedp.Do(step, chromedp.Navigate(srv.URL+"/sandbox/identities")); err != nil {
		t.Fatal(err)
	}
	cases, _ := json.Marshal(entityCases)
	got, err := chromedp.Run(step, chromedp.Evaluate[[]string](`import('/sandbox/assets/js/entities.js').then(m =>
		`+string(cases)+`.map(c => {
			const div = document.createElement('div');
			div.append(m.renderText(c.Text, JSON.parse(c.Entities)));
			return div.innerHTML;
		}))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range entityCases {
		if got[i] != c.Want {
			t.Errorf("%s: expected\n  %s\ngot\n  %s", c.Name, c.Want, got[i])
		}
	}
}
