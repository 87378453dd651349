package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"time"

	"govmedia"
	"govmedia/registry"
)

// publicPage is what the directory, verify and account pages' templates
// are given: the catalog pages' frame (the reader's language, the title,
// links that carry the language) with texts of their own (pages.json).
type publicPage struct {
	*catalogPage
}

func newPublicPage(r *http.Request, titleKey string) *publicPage {
	p := &publicPage{catalogPage: newCatalogPage(r)}
	p.Title = p.T(titleKey)
	return p
}

// T renders a text of the public pages in the reader's language.
func (p *publicPage) T(key string, args ...any) string {
	return govmedia.Print(p.lang, "pages."+key, args...)
}

// Link is path with params (name, value pairs) and the reader's chosen
// language.
func (p *publicPage) Link(path string, params ...string) string { return p.link(path, params...) }

// Platform names a platform in the reader's language.
func (p *publicPage) Platform(pl registry.Platform) string {
	return govmedia.Print(p.lang, "platform."+string(pl))
}

// State names an account's state in the reader's language.
func (p *publicPage) State(s registry.State) string {
	return govmedia.Print(p.lang, "state."+string(s))
}

// Kind names a WeChat account's kind in the reader's language.
func (p *publicPage) Kind(k registry.WeChatKind) string {
	return govmedia.Print(p.lang, "wechat_kind."+string(k))
}

// Domain names a pilot domain in the reader's language.
func (p *publicPage) Domain(code string) string {
	return govmedia.Print(p.lang, "catalog_pages.domain."+code)
}

// When renders a moment in China time.
func (p *publicPage) When(t *time.Time) string {
	if t == nil {
		return ""
	}
	return govmedia.FormatTime(*t)
}

// Of is an account with the page, for the templates of an account's card
// and of its life (closing, closed, succeeded by).
func (p *publicPage) Of(a registry.PublicAccount) accountView { return accountView{P: p, A: a} }

// accountView is an account on a page.
type accountView struct {
	P *publicPage
	A registry.PublicAccount
}

// Identifier is what tells the account apart on its platform: the WeChat
// original id, or the platform's own account id.
func (v accountView) Identifier() string {
	if v.A.OriginalID != "" {
		return v.A.OriginalID
	}
	return v.A.PlatformUID
}

// renderPublic renders a public page whole, then answers it with a
// validator of what it shows (a reader who holds the same page gets a
// 304), or an error page if it failed.
func (s *Server) renderPublic(w http.ResponseWriter, r *http.Request, name string, p *publicPage) {
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, p); err != nil {
		s.errorPage(w, r, err)
		return
	}
	if buf.Len() > maxPageBytes {
		s.log.Warn("a public page is over its bound", "path", r.URL.Path, "bytes", buf.Len())
	}
	sum := sha256.Sum256(buf.Bytes())
	if fresh(w, r, validator{stamp: hex.EncodeToString(sum[:]), page: true}) {
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", pagePolicy)
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(buf.Bytes())
	}
}
