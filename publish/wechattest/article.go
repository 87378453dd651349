package wechattest

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Article is one article of a draft or a publication, with WeChat's JSON
// field names.
type Article struct {
	ArticleType        string `json:"article_type,omitempty"`
	Title              string `json:"title"`
	Author             string `json:"author"`
	Digest             string `json:"digest"`
	Content            string `json:"content"`
	ContentSourceURL   string `json:"content_source_url"`
	ThumbMediaID       string `json:"thumb_media_id"`
	ShowCoverPic       int    `json:"show_cover_pic"`
	NeedOpenComment    int    `json:"need_open_comment"`
	OnlyFansCanComment int    `json:"only_fans_can_comment"`
	URL                string `json:"url,omitempty"`
}

// Documented limits of draft/add: 1 to 8 articles; title at most 32
// characters, author 16, digest 128; content under 20,000 characters and
// under 1 MB; content_source_url at most 1 KB.
const (
	maxArticles     = 8
	maxTitle        = 32
	maxAuthor       = 16
	maxDigest       = 128
	maxContentChars = 20000
	maxContentBytes = 1 << 20
	maxSourceURL    = 1 << 10
	autoDigest      = 54 // characters of content taken when digest is empty
)

// validate checks one article; thumbOK tells whether a thumb_media_id is a
// permanent image of the account.
func (a Article) validate(thumbOK func(string) bool) *apiError {
	switch {
	case a.Title == "":
		return fail(CodeTitleEmpty)
	case utf8.RuneCountInString(a.Title) > maxTitle:
		return fail(CodeTitleTooLong)
	case utf8.RuneCountInString(a.Author) > maxAuthor:
		return fail(CodeAuthorTooLong)
	case utf8.RuneCountInString(a.Digest) > maxDigest:
		return fail(CodeDigestTooLong)
	case a.Content == "":
		return fail(CodeEmptyContent)
	case utf8.RuneCountInString(a.Content) >= maxContentChars, len(a.Content) >= maxContentBytes:
		return fail(CodeContentTooLong)
	case len(a.ContentSourceURL) > maxSourceURL:
		return fail(CodeURLTooLong)
	case a.ArticleType != "newspic" && !thumbOK(a.ThumbMediaID):
		return fail(CodeInvalidMediaID)
	}
	return nil
}

var (
	scriptTag = regexp.MustCompile(`(?is)<script\b.*?</script\s*>`)
	imgTag    = regexp.MustCompile(`(?is)<img\b[^>]*>`)
	imgSrc    = regexp.MustCompile(`(?is)\bsrc\s*=\s*["']([^"']*)["']`)
	anyTag    = regexp.MustCompile(`(?s)<[^>]*>`)
)

// clean does what WeChat does to a body: scripts go, and images not hosted
// by WeChat (uploaded with media/uploadimg) are filtered out.
func clean(content string) string {
	content = scriptTag.ReplaceAllString(content, "")
	return imgTag.ReplaceAllStringFunc(content, func(tag string) string {
		if m := imgSrc.FindStringSubmatch(tag); m != nil && onWeChatHost(m[1]) {
			return tag
		}
		return ""
	})
}

func onWeChatHost(url string) bool {
	for _, prefix := range []string{"http://mmbiz.qpic.cn/", "https://mmbiz.qpic.cn/"} {
		if strings.HasPrefix(url, prefix) {
			return true
		}
	}
	return false
}

// defaultDigest is the first 54 characters of the content's text, which
// WeChat uses when a single article has no digest.
func defaultDigest(content string) string {
	text := strings.TrimSpace(anyTag.ReplaceAllString(content, ""))
	if utf8.RuneCountInString(text) <= autoDigest {
		return text
	}
	return string([]rune(text)[:autoDigest])
}
