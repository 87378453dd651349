package publish

import (
	"crypto/sha256"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/net/html"

	"govmedia"
)

// bodyCleaner cleans one body: the image pass sets its images aside for
// upload at delivery, then the article policy decides everything else.
type bodyCleaner struct {
	attached map[string][]byte
	images   map[string][]byte
	slots    []string // the name of each image the pass accepted, in order
	errs     []*govmedia.Error
}

// clean returns src as WeChat takes it, each accepted image referred to as
// src="govmedia:NAME".
func (c *bodyCleaner) clean(src string) string {
	safe := articlePolicy.Sanitize(c.markImages(src))
	refs := make([]string, 0, 2*len(c.slots))
	for i, name := range c.slots {
		refs = append(refs, `src="`+slotScheme+":"+strconv.Itoa(i)+`"`, `src="`+html.EscapeString(imageRef+name)+`"`)
	}
	return strings.NewReplacer(refs...).Replace(safe)
}

// markImages is the image pass: each <img> whose src is an inline data:
// URL or an attached file gets the src of its slot; one whose image cannot
// be had (external, missing, too large, not JPG or PNG) goes, its reason
// kept. Everything else is left byte for byte as it came, so that the
// sanitizer reads the same markup.
func (c *bodyCleaner) markImages(src string) string {
	z := html.NewTokenizer(strings.NewReader(src))
	var out strings.Builder
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return out.String()
		case html.StartTagToken, html.SelfClosingTagToken:
			raw := string(z.Raw())
			if t := z.Token(); t.Data == "img" {
				if img, ok := c.image(t); ok {
					out.WriteString(img.String())
				}
				continue
			}
			out.WriteString(raw)
		default:
			out.Write(z.Raw())
		}
	}
}

// image returns an <img> tag with its src replaced by its slot's, or false
// when it has no image to keep. Only its first src counts, as in a
// browser; attributes of unusual names are left out here, and the
// sanitizer judges the rest.
func (c *bodyCleaner) image(t html.Token) (html.Token, bool) {
	attrs, slot := t.Attr[:0:0], ""
	for _, a := range t.Attr {
		switch {
		case a.Key == "src" && slot == "":
			name, ok := c.setAside(a.Val)
			if !ok {
				return t, false
			}
			slot = fmt.Sprintf("%s:%d", slotScheme, len(c.slots))
			c.slots = append(c.slots, name)
			attrs = append(attrs, html.Attribute{Key: "src", Val: slot})
		case a.Key != "src" && plainName(a.Key):
			attrs = append(attrs, a)
		}
	}
	t.Attr = attrs
	return t, slot != ""
}

// setAside keeps the image src refers to and returns its name: an inline
// image is named by its content, an attached one by the name it came with.
func (c *bodyCleaner) setAside(src string) (string, bool) {
	data, inline := decodeDataURL(src)
	name := src
	if inline {
		sum := sha256.Sum256(data)
		name = fmt.Sprintf("%x.%s", sum[:8], imageType(data))
	} else if data, name = c.attachedAs(src); data == nil {
		key := "publication.image_missing"
		if strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://") {
			key = "publication.image_external"
		}
		c.errs = append(c.errs, govmedia.Errorf(govmedia.EINVALID, key, "src", shorten(src)))
		return "", false
	}
	if err := checkImage(name, data); err != nil {
		c.errs = append(c.errs, err)
		return "", false
	}
	c.images[name] = data
	return name, true
}

// attachedAs finds an attached file by the name src gives, as written or
// percent-decoded (Markdown writes "图表.png" as "%E5%9B%BE%E8%A1%A8.png").
func (c *bodyCleaner) attachedAs(src string) ([]byte, string) {
	if data := c.attached[src]; data != nil {
		return data, src
	}
	if name, err := url.PathUnescape(src); err == nil && c.attached[name] != nil {
		return c.attached[name], name
	}
	return nil, src
}

// plainName reports an attribute name of letters, digits and hyphens.
func plainName(key string) bool {
	for _, r := range key {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '-' {
			return false
		}
	}
	return key != ""
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

func (c *bodyCleaner) imageList() []*Image {
	if len(c.images) > maxImages {
		c.errs = append(c.errs, govmedia.Errorf(govmedia.EINVALID, "publication.too_many_images", "max", maxImages))
	}
	out := make([]*Image, 0, len(c.images))
	for name, data := range c.images {
		out = append(out, &Image{Name: name, Data: data})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
