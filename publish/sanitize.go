package publish

import (
	"crypto/sha256"
	"fmt"
	"sort"
	"strings"

	"golang.org/x/net/html"

	"govmedia"
)

// allowedTags are the elements an article body keeps (WeChat's editor
// accepts these); others are unwrapped, keeping their text, except the
// dropped ones, which go with their content.
var allowedTags = map[string]bool{
	"p": true, "br": true, "span": true, "strong": true, "b": true, "em": true, "i": true, "u": true, "s": true,
	"section": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "blockquote": true,
	"ul": true, "ol": true, "li": true, "img": true, "a": true, "table": true, "thead": true, "tbody": true,
	"tr": true, "th": true, "td": true, "hr": true, "sup": true, "sub": true, "code": true, "pre": true,
	"figure": true, "figcaption": true,
}

var droppedTags = map[string]bool{"script": true, "style": true, "iframe": true, "object": true, "embed": true,
	"form": true, "input": true, "button": true, "textarea": true, "select": true, "noscript": true, "svg": true, "head": true, "title": true}

var allowedAttrs = map[string]bool{"style": true, "alt": true, "width": true, "height": true, "colspan": true, "rowspan": true, "align": true}

// sanitizer cleans one body, collecting its images and problems.
type sanitizer struct {
	attached map[string][]byte
	images   map[string][]byte
	errs     []*govmedia.Error
	out      strings.Builder
	skip     int // depth inside a dropped element
}

func (s *sanitizer) clean(src string) string {
	z := html.NewTokenizer(strings.NewReader(src))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return s.out.String()
		}
		s.token(z.Token())
	}
}

func (s *sanitizer) token(t html.Token) {
	name := t.Data
	switch {
	case t.Type == html.StartTagToken && droppedTags[name]:
		s.skip++
	case t.Type == html.EndTagToken && droppedTags[name]:
		s.skip = max(0, s.skip-1)
	case s.skip > 0, t.Type == html.CommentToken, t.Type == html.DoctypeToken:
	case t.Type == html.TextToken:
		s.out.WriteString(html.EscapeString(t.Data))
	case !allowedTags[name]:
	case t.Type == html.EndTagToken:
		s.out.WriteString("</" + name + ">")
	default:
		s.startTag(t)
	}
}

func (s *sanitizer) startTag(t html.Token) {
	var attrs []string
	for _, a := range t.Attr {
		if v, ok := s.attr(t.Data, a); ok {
			attrs = append(attrs, fmt.Sprintf(`%s="%s"`, a.Key, html.EscapeString(v)))
		}
	}
	if t.Data == "img" && !hasSrc(attrs) {
		return
	}
	tag := "<" + t.Data
	if len(attrs) > 0 {
		tag += " " + strings.Join(attrs, " ")
	}
	if t.Type == html.SelfClosingTagToken || t.Data == "br" || t.Data == "img" || t.Data == "hr" {
		tag += "/"
	}
	s.out.WriteString(tag + ">")
}

// attr keeps a safe attribute: links to http(s) only, images set aside,
// styles without external resources.
func (s *sanitizer) attr(tag string, a html.Attribute) (string, bool) {
	switch {
	case tag == "a" && a.Key == "href":
		return a.Val, strings.HasPrefix(a.Val, "https://") || strings.HasPrefix(a.Val, "http://")
	case tag == "img" && a.Key == "src":
		return s.image(a.Val)
	case a.Key == "style":
		low := strings.ToLower(a.Val)
		return a.Val, !strings.Contains(low, "url(") && !strings.Contains(low, "expression")
	}
	return a.Val, allowedAttrs[a.Key]
}

// image sets a body image aside and returns the reference to it.
func (s *sanitizer) image(src string) (string, bool) {
	data, inline := decodeDataURL(src)
	name := src
	if inline {
		sum := sha256.Sum256(data)
		name = fmt.Sprintf("%x.%s", sum[:8], imageType(data))
	} else if data = s.attached[src]; data == nil {
		key := "publication.image_missing"
		if strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://") {
			key = "publication.image_external"
		}
		s.errs = append(s.errs, govmedia.Errorf(govmedia.EINVALID, key, "src", shorten(src)))
		return "", false
	}
	if err := checkImage(name, data); err != nil {
		s.errs = append(s.errs, err)
		return "", false
	}
	s.images[name] = data
	return imageRef + name, true
}

func checkImage(name string, data []byte) *govmedia.Error {
	switch {
	case imageType(data) == "":
		return govmedia.Errorf(govmedia.EINVALID, "publication.body_image_type", "name", name)
	case len(data) > maxImageBytes:
		return govmedia.Errorf(govmedia.EINVALID, "publication.body_image_too_large", "name", name, "size", sizeText(len(data)), "max", "1 MB")
	}
	return nil
}

func (s *sanitizer) imageList() []*Image {
	if len(s.images) > maxImages {
		s.errs = append(s.errs, govmedia.Errorf(govmedia.EINVALID, "publication.too_many_images", "max", maxImages))
	}
	out := make([]*Image, 0, len(s.images))
	for name, data := range s.images {
		out = append(out, &Image{Name: name, Data: data})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func hasSrc(attrs []string) bool {
	for _, a := range attrs {
		if strings.HasPrefix(a, "src=") {
			return true
		}
	}
	return false
}

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
