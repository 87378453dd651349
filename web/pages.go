package web

import (
	"context"
	"embed"
	"errors"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"govmedia"
	"govmedia/publish"
	"govmedia/registry"
)

//go:embed templates/*.html
var templateFiles embed.FS

// pages are every page's templates. tr and langq serve the layout they
// share, whatever each page is given: its html element's language is all
// they need.
var pages = template.Must(template.New("").Funcs(template.FuncMap{
	"tr":    func(lang, key string) string { return govmedia.Print(govmedia.ParseLanguage(lang), key) },
	"langq": func(lang string) string { return "?lang=" + string(govmedia.ParseLanguage(lang)) },
}).ParseFS(templateFiles, "templates/*.html"))

// pagePolicy lets a page use its inline styles and submit its forms here,
// and nothing else; no site may frame it.
const pagePolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

func (s *Server) renderStatus(w http.ResponseWriter, status int, name string, data map[string]any) {
	if _, ok := data["Lang"]; !ok {
		data["Lang"] = "zh-CN"
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", pagePolicy)
	w.WriteHeader(status)
	if err := pages.ExecuteTemplate(w, name, data); err != nil {
		s.log.Error("rendering a page", "page", name, "err", err)
	}
}

// errorPage answers a page's error in the request's language, logging
// only internal errors, whose details never reach the reader.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, err error) {
	code := govmedia.ErrorCode(err)
	if code == govmedia.EINTERNAL && !errors.Is(err, context.Canceled) {
		s.log.Error("page failed", "path", r.URL.Path, "err", err)
	}
	lang := language(r)
	s.renderStatus(w, statusOf[code], "error.html", map[string]any{"Lang": string(lang),
		"Title": govmedia.Print(lang, "web.page_error"), "Message": govmedia.ErrorMessage(lang, err)})
}

// directoryBody is the directory page's own view: the search, one page
// of accounts, and the link to the next.
type directoryBody struct {
	Query     registry.DirectoryQuery
	Page      registry.DirectoryPage
	Platforms []registry.Platform
	NextURL   string
}

func (s *Server) directoryPage(w http.ResponseWriter, r *http.Request) {
	dq, err := directoryQuery(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	page, err := s.registry.Search(r.Context(), dq)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	p := newPublicPage(r, "directory.title")
	body := directoryBody{Query: dq, Page: page, Platforms: registry.Platforms}
	if page.Next != 0 {
		body.NextURL = p.Link("/", "q", dq.Q, "platform", string(dq.Platform), "org", dq.Org, "after", strconv.FormatInt(page.Next, 10))
	}
	p.Body = body
	s.renderPublic(w, r, "directory.html", p)
}

// verifyBody is the verify page's own view: whether a name was asked, and
// the verdict on it.
type verifyBody struct {
	Asked   bool
	Verdict registry.Verdict
}

func (s *Server) verifyPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	body := verifyBody{Asked: strings.TrimSpace(q) != "", Verdict: registry.Verdict{Query: q}}
	if body.Asked {
		var err error
		if body.Verdict, err = s.registry.Verify(r.Context(), q); err != nil {
			s.errorPage(w, r, err)
			return
		}
	}
	p := newPublicPage(r, "verify.title")
	p.Body = body
	s.renderPublic(w, r, "verify.html", p)
}

// accountBody is an account page's own view: the account and its latest
// articles.
type accountBody struct {
	Account  accountView
	Articles []publish.PublishedArticle
}

// recentArticles is how many of its latest articles an account's page
// lists.
const recentArticles = 10

func (s *Server) accountPage(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	a, err := s.registry.PublicAccountByID(r.Context(), id)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	p := newPublicPage(r, "account.title")
	p.Title = a.Name
	body := accountBody{Account: p.Of(*a)}
	if s.published != nil {
		if body.Articles, err = s.published.RecentArticles(r.Context(), a.ID, recentArticles); err != nil {
			s.errorPage(w, r, err)
			return
		}
	}
	p.Body = body
	s.renderPublic(w, r, "account.html", p)
}
