package publish

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"

	"govmedia"
)

// imageRef is how a stored body refers to a body image until a delivery
// replaces it with the URL WeChat gave that account.
const imageRef = "govmedia:"

// uploadedURLLength is about how long a WeChat image URL is, for the
// length checks made before the real URLs exist.
const uploadedURLLength = 120

// prepareBody turns a body into WeChat-safe HTML with its images set
// aside, and checks it against WeChat's limits.
func prepareBody(body, format string, attached map[string][]byte) (string, []*Image, []*govmedia.Error) {
	var src string
	switch format {
	case "", "html":
		src = body
	case "markdown":
		var buf bytes.Buffer
		if err := goldmark.Convert([]byte(body), &buf); err != nil {
			return "", nil, []*govmedia.Error{govmedia.Errorf(govmedia.EINVALID, "publication.markdown_invalid")}
		}
		src = buf.String()
	case "text":
		src = textToHTML(body)
	default:
		return "", nil, []*govmedia.Error{govmedia.Errorf(govmedia.EINVALID, "publication.format_invalid", "format", format)}
	}
	c := &bodyCleaner{attached: attached, images: map[string][]byte{}}
	content := c.clean(src)
	images := c.imageList()
	errs := c.errs
	if strings.TrimSpace(stripTags(content)) == "" && len(c.images) == 0 {
		errs = append(errs, govmedia.Errorf(govmedia.EINVALID, "publication.body_required"))
	}
	errs = append(errs, checkLength(content, len(c.images))...)
	return content, images, errs
}

func checkLength(content string, images int) []*govmedia.Error {
	extra := images * uploadedURLLength
	if n := utf8.RuneCountInString(content) + extra; n >= maxContentChars {
		return []*govmedia.Error{govmedia.Errorf(govmedia.EINVALID, "publication.body_too_long", "chars", n, "max", maxContentChars)}
	}
	if n := len(content) + extra; n >= maxContentBytes {
		return []*govmedia.Error{govmedia.Errorf(govmedia.EINVALID, "publication.body_too_large", "size", sizeText(n))}
	}
	return nil
}

// textToHTML makes paragraphs of blank-line separated text.
func textToHTML(text string) string {
	var b strings.Builder
	for _, para := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if para = strings.TrimSpace(para); para != "" {
			b.WriteString("<p>" + strings.ReplaceAll(html.EscapeString(para), "\n", "<br/>") + "</p>")
		}
	}
	return b.String()
}

// decodeDataURL reads an image given inline as data:image/…;base64,….
func decodeDataURL(src string) ([]byte, bool) {
	head, data, ok := strings.Cut(src, ",")
	if !ok || !strings.HasPrefix(head, "data:image/") || !strings.HasSuffix(head, ";base64") {
		return nil, false
	}
	raw, err := base64.StdEncoding.DecodeString(data)
	return raw, err == nil
}

func sizeText(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KB", (n+1023)/1024)
}
