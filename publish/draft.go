package publish

import (
	"bytes"
	"net/url"
	"strings"
	"unicode/utf8"

	"govmedia"
)

// Limits WeChat puts on articles; a draft over them is refused when it is
// submitted, not discovered at delivery.
const (
	maxArticles     = 8
	maxTitle        = 32
	maxAuthor       = 16
	maxDigest       = 128
	maxContentChars = 20000
	maxContentBytes = 1 << 20
	maxSourceURL    = 1 << 10
	maxCoverBytes   = 2 << 20
	maxImageBytes   = 1 << 20
	maxImages       = 30
)

// Draft is a publication as an operator submits it.
type Draft struct {
	Kind     string
	Mode     Mode
	Targets  Targets
	Articles []DraftArticle
}

// DraftArticle is one article as submitted: a body in HTML, Markdown or
// plain text, an optional cover (the org's default cover otherwise), and
// the images the body refers to.
type DraftArticle struct {
	Title, Author, Digest, SourceURL string
	Body                             string
	Format                           string // "html", "markdown" or "text"
	Cover                            []byte
	CoverName                        string
	Images                           map[string][]byte // by the name the body uses: src="NAME"
}

// check validates every article and returns them ready to store, with
// their body images, or every problem found.
func (d *Draft) check(defaultCover []byte, defaultCoverName string) ([]*Article, []*Image, error) {
	var errs govmedia.FieldErrors
	if d.Mode != Publish && d.Mode != Broadcast {
		errs = append(errs, fieldErr(0, "mode", "publication.mode_invalid"))
	}
	if len(d.Articles) == 0 || len(d.Articles) > maxArticles {
		errs = append(errs, fieldErr(0, "articles", "publication.article_count", "max", maxArticles))
	}
	var articles []*Article
	var images []*Image
	seen := map[string][]byte{}
	for i := range d.Articles {
		a, imgs, errList := d.Articles[i].check(i+1, defaultCover, defaultCoverName)
		errs = append(errs, errList...)
		a.Position = i
		articles = append(articles, a)
		for _, img := range imgs {
			if prev, ok := seen[img.Name]; ok && !bytes.Equal(prev, img.Data) {
				errs = append(errs, fieldErr(i+1, "body", "publication.image_name_twice", "name", img.Name))
				continue
			} else if !ok {
				seen[img.Name] = img.Data
				images = append(images, img)
			}
		}
	}
	if len(errs) > 0 {
		return nil, nil, errs
	}
	return articles, images, nil
}

func (a *DraftArticle) check(n int, defaultCover []byte, defaultName string) (*Article, []*Image, govmedia.FieldErrors) {
	var errs govmedia.FieldErrors
	title := strings.TrimSpace(a.Title)
	switch {
	case title == "":
		errs = append(errs, fieldErr(n, "title", "publication.title_required"))
	case utf8.RuneCountInString(title) > maxTitle:
		errs = append(errs, fieldErr(n, "title", "publication.too_long", "max", maxTitle))
	}
	if utf8.RuneCountInString(a.Author) > maxAuthor {
		errs = append(errs, fieldErr(n, "author", "publication.too_long", "max", maxAuthor))
	}
	if utf8.RuneCountInString(a.Digest) > maxDigest {
		errs = append(errs, fieldErr(n, "digest", "publication.too_long", "max", maxDigest))
	}
	if u, err := url.Parse(a.SourceURL); a.SourceURL != "" && (err != nil || (u.Scheme != "http" && u.Scheme != "https") || len(a.SourceURL) > maxSourceURL) {
		errs = append(errs, fieldErr(n, "source_url", "publication.source_url_invalid"))
	}
	content, images, bodyErrs := prepareBody(a.Body, a.Format, a.Images)
	for _, e := range bodyErrs {
		errs = append(errs, govmedia.FieldError{Row: n, Column: "body", Err: e})
	}
	cover, coverName := a.Cover, a.CoverName
	if len(cover) == 0 {
		cover, coverName = defaultCover, defaultName
	}
	errs = append(errs, checkCover(n, cover)...)
	art := &Article{Title: title, Author: strings.TrimSpace(a.Author), Digest: strings.TrimSpace(a.Digest), Content: content,
		SourceURL: a.SourceURL, Cover: cover, CoverName: coverNameOr(coverName, cover)}
	return art, images, errs
}

func checkCover(n int, cover []byte) govmedia.FieldErrors {
	switch {
	case len(cover) == 0:
		return govmedia.FieldErrors{fieldErr(n, "cover", "publication.cover_required")}
	case len(cover) > maxCoverBytes:
		return govmedia.FieldErrors{fieldErr(n, "cover", "publication.cover_too_large", "size", sizeText(len(cover)), "max", "2 MB")}
	case imageType(cover) == "":
		return govmedia.FieldErrors{fieldErr(n, "cover", "publication.image_type")}
	}
	return nil
}

// imageType tells JPEG and PNG apart by their first bytes; "" for others.
func imageType(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte{0xff, 0xd8, 0xff}):
		return "jpg"
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return "png"
	}
	return ""
}

func coverNameOr(name string, cover []byte) string {
	if name == "" {
		return "cover." + imageType(cover)
	}
	return name
}

func fieldErr(n int, column, key string, args ...any) govmedia.FieldError {
	return govmedia.FieldError{Row: n, Column: column, Err: govmedia.Errorf(govmedia.EINVALID, key, args...)}
}
