package publish

import (
	"bufio"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// testImage is enough of a JPEG for the image checks.
var testImage = []byte{0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'J', 'F', 'I', 'F', 0}

// TestArticleBodiesKeepNothingLive cleans every vector of the OWASP XSS
// filter-evasion cheat sheet (testdata/xss-vectors.txt) and reads the
// result as a browser would: nothing is left but elements and attributes
// WeChat's editor takes, links to web pages, images set aside for upload,
// and styles that call nothing.
func TestArticleBodiesKeepNothingLive(t *testing.T) {
	vectors := readVectors(t, "testdata/xss-vectors.txt")
	if len(vectors) < 100 {
		t.Fatalf("read %d vectors, want the cheat sheet's 100 or more", len(vectors))
	}
	for _, v := range vectors {
		content, _, _ := prepareBody("<p>正文</p>"+v, "html", map[string][]byte{"chart.jpg": testImage})
		if bad := liveParts(content); len(bad) > 0 {
			t.Errorf("%s\ncleaned to %s\nwhich keeps %q", v, content, bad)
		}
	}
}

// An unclosed <textarea> makes the rest of the body its text: that text
// stays, shown as text, and the markup in it does not come alive.
func TestUnclosedTextareaLeavesItsTextInert(t *testing.T) {
	body := `<p>申请材料</p><textarea>请填写<p>第二段正文</p><img src="chart.jpg" onerror="alert(1)"><a href="https://www.km.gov.cn">官网</a>`
	content, images, errs := prepareBody(body, "html", map[string][]byte{"chart.jpg": testImage})
	if len(errs) > 0 || len(images) != 0 {
		t.Fatalf("got errors %v and %d images; want none (the image is only text)", errs, len(images))
	}
	nodes := parseBody(t, content)
	if text := textOf(nodes); !strings.Contains(text, "第二段正文") || !strings.Contains(text, `<img src="chart.jpg"`) {
		t.Errorf("the text after the textarea is lost or changed: %s", content)
	}
	for _, n := range nodes {
		for d := range n.Descendants() {
			if d.Type == html.ElementNode && d.Data != "p" {
				t.Errorf("the text after the textarea became a live <%s>: %s", d.Data, content)
			}
		}
	}
}

// CSS escapes are read as the browser reads them: "\65 xpression" is
// expression, "\75 rl(" is url(, and neither passes; an escape that spells
// an allowed value is as harmless as the value.
func TestStyleEscapesDoNotPass(t *testing.T) {
	for _, style := range []string{
		`width: \65 xpression(alert(1))`,
		`width: \000065xpression(alert(1))`,
		`background-image: \75 rl(javascript:alert(1))`,
		`background: \75\72\6c(http://xss.rocks/x.png)`,
		`color: red; background-image: \55 RL(javascript:alert(1))`,
		`color: rgb(1,2,3) \65 xpression(alert(1))`,
		`font-family: \22 x\22 ; background: \75 rl(x)`,
		`font-family: a\3b background\3a url(x)`,
		`color: \65 xpr\65 ssion(alert(1))`,
		`-moz-binding: \75 rl(http://xss.rocks/xss.xml)`,
		`color: red; w\69 dth: \65 xpression(alert(1))`,
	} {
		body := `<p style="` + html.EscapeString(style) + `">正文</p>`
		content, _, _ := prepareBody(body, "html", nil)
		if bad := liveParts(content); len(bad) > 0 {
			t.Errorf("style %q cleaned to %s, which keeps %q", style, content, bad)
		}
		low := strings.ToLower(content)
		for _, word := range []string{"xpression", "rl(", "url", "binding"} {
			if strings.Contains(low, word) {
				t.Errorf("style %q cleaned to %s, which still says %q", style, content, word)
			}
		}
	}
}

// The styles WeChat's editor writes are kept as they were written.
func TestStylesWeChatTakesAreKept(t *testing.T) {
	style := "color: #c00; background-color: rgba(255, 250, 240, 0.8); font-size: 16px; font-weight: bold; " +
		"text-align: center; line-height: 1.75; margin: 0 auto 12px; padding: 8px 16px; border: 1px solid #ddd; " +
		"border-radius: 4px; text-indent: 2em; font-family: 微软雅黑, sans-serif"
	content, _, errs := prepareBody(`<section style="`+style+`"><p>正文</p></section>`, "html", nil)
	if len(errs) > 0 || !strings.Contains(content, `style="`+html.EscapeString(style)+`"`) {
		t.Fatalf("got %s (errors %v); want the style kept whole: %s", content, errs, style)
	}
}

// HTML, Markdown and plain text bodies are cleaned alike: HTML and the
// HTML that Markdown makes go through the policy, images of both are set
// aside, and text is escaped.
func TestEveryBodyFormatIsCleaned(t *testing.T) {
	attached := map[string][]byte{"图表.png": append([]byte("\x89PNG\r\n\x1a\n"), 0)}
	cases := []struct {
		format, body string
		want         []string
	}{
		{"html", `<h2 onclick="x()">标题</h2><p>正文<a href="javascript:alert(1)">坏</a><a href="https://www.km.gov.cn">官网</a></p><img src="图表.png" alt="图">`,
			[]string{"<h2>标题</h2>", `<a href="https://www.km.gov.cn">官网</a>`, `src="govmedia:图表.png"`, "坏"}},
		{"markdown", "## 标题\n\n正文 <script>alert(1)</script> [坏](javascript:alert(1)) [官网](https://www.km.gov.cn)\n\n![图](图表.png)",
			[]string{"<h2>标题</h2>", `<a href="https://www.km.gov.cn">官网</a>`, `src="govmedia:图表.png"`, "坏"}},
		{"text", "第一段 <b>不是标签</b> <script>alert(1)</script>\n第一段第二行\n\n第二段",
			[]string{"<p>第一段 &lt;b&gt;不是标签&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;<br/>第一段第二行</p><p>第二段</p>"}},
	}
	for _, c := range cases {
		content, images, errs := prepareBody(c.body, c.format, attached)
		if len(errs) > 0 {
			t.Errorf("%s: %v", c.format, errs)
		}
		if bad := liveParts(content); len(bad) > 0 {
			t.Errorf("%s: %s keeps %q", c.format, content, bad)
		}
		for _, w := range c.want {
			if !strings.Contains(content, w) {
				t.Errorf("%s: cleaned to %s; want it to contain %s", c.format, content, w)
			}
		}
		if c.format != "text" && (len(images) != 1 || images[0].Name != "图表.png") {
			t.Errorf("%s: images %v; want 图表.png set aside", c.format, images)
		}
	}
}

func readVectors(t testing.TB, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := sc.Text(); strings.TrimSpace(line) != "" && !strings.HasPrefix(line, "# ") {
			out = append(out, line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// What the test takes as WeChat's editor's elements and their attributes,
// written apart from the policy so that a fault in either shows.
var (
	editorElements = strings.Fields("p br span strong b em i u s section blockquote h1 h2 h3 h4 h5 h6 ul ol li img a hr " +
		"sup sub code pre table thead tbody tr th td figure figcaption")
	editorAttrs = map[string][]string{
		"a": {"href"}, "img": {"src", "alt", "width", "height", "align"}, "table": {"width", "height", "align"},
		"td": {"width", "height", "colspan", "rowspan", "align"}, "th": {"width", "height", "colspan", "rowspan", "align"},
		"tr": {"align"}, "p": {"align"}, "section": {"align"}, "figure": {"align"},
		"h1": {"align"}, "h2": {"align"}, "h3": {"align"}, "h4": {"align"}, "h5": {"align"}, "h6": {"align"},
	}
)

// liveParts reads body as a browser does and returns what it keeps that an
// article must not: other elements or attributes, links that are not to
// web pages, images not set aside, styles that could load or run anything.
func liveParts(body string) []string {
	var bad []string
	nodes, err := html.ParseFragment(strings.NewReader(body), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		return []string{"unparsable: " + err.Error()}
	}
	for _, n := range nodes {
		for d := range n.Descendants() {
			bad = append(bad, liveNode(d)...)
		}
		bad = append(bad, liveNode(n)...)
	}
	return bad
}

func liveNode(n *html.Node) []string {
	if n.Type != html.ElementNode {
		return nil
	}
	if !slices.Contains(editorElements, n.Data) {
		return []string{"<" + n.Data + ">"}
	}
	var bad []string
	for _, a := range n.Attr {
		ok := slices.Contains(editorAttrs[n.Data], a.Key) || a.Key == "style"
		switch a.Key {
		case "href":
			ok = ok && (strings.HasPrefix(a.Val, "https://") || strings.HasPrefix(a.Val, "http://"))
		case "src":
			ok = ok && strings.HasPrefix(a.Val, imageRef)
		case "style":
			ok = safeStyle(a.Val)
		}
		if !ok {
			bad = append(bad, n.Data+" "+a.Key+"="+strconv.Quote(a.Val))
		}
	}
	return bad
}

var (
	cssEscape = regexp.MustCompile(`\\([0-9a-fA-F]{1,6})[ \t\r\n\f]?|\\(.)`)
	cssColour = regexp.MustCompile(`rgba?\([0-9.,% ]*\)`)
)

// safeStyle decodes a style's CSS escapes and reports whether what is left
// calls no function but rgb(), and names no url, expression, binding or
// behaviour.
func safeStyle(style string) bool {
	decoded := cssEscape.ReplaceAllStringFunc(style, func(m string) string {
		sub := cssEscape.FindStringSubmatch(m)
		if sub[1] == "" {
			return sub[2]
		}
		r, _ := strconv.ParseInt(sub[1], 16, 32)
		return string(rune(r))
	})
	low := cssColour.ReplaceAllString(strings.ToLower(decoded), "")
	for _, word := range []string{"(", "\\", "/*", "@", "url", "expression", "script", "binding", "behavior", "import"} {
		if strings.Contains(low, word) {
			return false
		}
	}
	return true
}

func parseBody(t *testing.T, body string) []*html.Node {
	t.Helper()
	nodes, err := html.ParseFragment(strings.NewReader(body), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		t.Fatal(err)
	}
	return nodes
}

func textOf(nodes []*html.Node) string {
	var b strings.Builder
	for _, n := range nodes {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for d := range n.Descendants() {
			if d.Type == html.TextNode {
				b.WriteString(d.Data)
			}
		}
	}
	return b.String()
}
