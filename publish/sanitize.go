package publish

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
)

// articleElements are the elements an article body keeps: those WeChat's
// article editor takes. Others go, their text kept, except those whose
// content a reader never sees (script, style, iframe, object …), which go
// with it.
var articleElements = []string{
	"p", "br", "span", "strong", "b", "em", "i", "u", "s", "section", "blockquote",
	"h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "img", "a", "hr", "sup", "sub", "code", "pre",
	"table", "thead", "tbody", "tr", "th", "td", "figure", "figcaption",
}

// Attribute values the policy takes. Values are matched as the browser
// reads them, character references decoded.
var (
	webLink   = regexp.MustCompile(`(?i)^\s*https?://`)
	pixels    = regexp.MustCompile(`^[0-9]{1,4}(px|%)?$`)
	cellSpan  = regexp.MustCompile(`^[1-9][0-9]{0,2}$`)
	alignment = regexp.MustCompile(`(?i)^(left|right|center|justify)$`)
	imageSlot = regexp.MustCompile(`^[0-9]+$`)
)

// slotScheme is how the image pass marks the images it accepted, for the
// sanitizer to keep: src="govmedia-image:N", the pass's Nth image.
const slotScheme = "govmedia-image"

// articlePolicy is what an article body may hold once cleaned. It is built
// once; bluemonday policies are safe for concurrent use once built.
var articlePolicy = newArticlePolicy()

func newArticlePolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements(articleElements...)
	// Links lead to web pages only; without target they open in WeChat's
	// own browser, so there is no opener for rel="noopener" to cut off.
	p.RequireParseableURLs(true)
	p.AllowURLSchemes("http", "https")
	p.AllowAttrs("href").Matching(webLink).OnElements("a")
	// An image's src is the image pass's mark, nothing else: the pass has
	// already refused external and missing images.
	p.AllowURLSchemeWithCustomPolicy(slotScheme, func(u *url.URL) bool { return imageSlot.MatchString(u.Opaque) })
	p.AllowAttrs("src").Matching(regexp.MustCompile(`^` + slotScheme + `:[0-9]+$`)).OnElements("img")
	p.AllowAttrs("alt").OnElements("img")
	p.AllowAttrs("width", "height").Matching(pixels).OnElements("img", "table", "th", "td")
	p.AllowAttrs("colspan", "rowspan").Matching(cellSpan).OnElements("th", "td")
	p.AllowAttrs("align").Matching(alignment).OnElements("p", "section", "h1", "h2", "h3", "h4", "h5", "h6",
		"table", "tr", "th", "td", "img", "figure")
	allowArticleStyles(p)
	return p
}

// stripTags returns the text of an HTML fragment.
func stripTags(h string) string {
	z := html.NewTokenizer(strings.NewReader(h))
	var b strings.Builder
	for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
		if tt == html.TextToken {
			b.Write(z.Text())
		}
	}
	return b.String()
}

func shorten(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}
