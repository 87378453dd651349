package web

import (
	"bytes"
	"net/http"
	"net/url"
	"time"

	"govmedia"
)

// catalogPage is what every catalog page's template is given: the
// reader's language and how to carry it in links, the page's title, and
// the page's own view (Body).
type catalogPage struct {
	Lang  string // the html element's lang attribute
	Title string
	Query string // the search box's text
	// SearchAction is where the search box sends its query (the page of
	// one government, or of them all); SearchDomain narrows it to a domain.
	SearchAction string
	SearchDomain string
	SearchLabel  string
	Search       *hitList // the hits, when the page answers a search
	Crumbs       []crumb  // where the page is, after the catalogs' home
	Body         any
	// OtherLanguageURL is this page in the other language.
	OtherLanguageURL string

	lang    govmedia.Language
	langSet bool // the language came from ?lang=, so links carry it
}

func newCatalogPage(r *http.Request) *catalogPage {
	lang := language(r)
	p := &catalogPage{lang: lang, Lang: "zh-CN"}
	if lang == govmedia.English {
		p.Lang = "en"
	}
	q := url.Values{}
	if len(r.URL.RawQuery) <= maxQueryBytes {
		q = r.URL.Query()
		p.langSet = q.Get("lang") != ""
	}
	other := govmedia.English
	if lang == govmedia.English {
		other = govmedia.Chinese
	}
	q.Set("lang", string(other))
	p.OtherLanguageURL = r.URL.Path + "?" + q.Encode()
	return p
}

// crumb is one step of the path to a page.
type crumb struct{ Name, URL string }

// HomeURL is the list of every government's catalogs.
func (p *catalogPage) HomeURL() string { return p.link("/catalogs") }

// Row is a government with the page, for the template of its row.
func (p *catalogPage) Row(g *govView) govRow { return govRow{Page: p, Gov: g} }

// govRow is a government's row on a page.
type govRow struct {
	Page *catalogPage
	Gov  *govView
}

// T renders a text of the catalog pages in the reader's language.
func (p *catalogPage) T(key string, args ...any) string {
	return govmedia.Print(p.lang, "catalog_pages."+key, args...)
}

// English reports whether the page is in English.
func (p *catalogPage) English() bool { return p.lang == govmedia.English }

// LangParam is the lang value links and forms carry, "" when the
// language came from the browser's Accept-Language.
func (p *catalogPage) LangParam() string {
	if p.langSet {
		return string(p.lang)
	}
	return ""
}

// link is path with the query params (name, value pairs, empty values
// left out) and the reader's chosen language.
func (p *catalogPage) link(path string, params ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(params); i += 2 {
		if params[i+1] != "" {
			q.Set(params[i], params[i+1])
		}
	}
	if l := p.LangParam(); l != "" {
		q.Set("lang", l)
	}
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

// Date renders a day in China time, as the pages show when a catalog
// last changed.
func (p *catalogPage) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(govmedia.ChinaTime).Format("2006-01-02")
}

// ISO renders a moment for a time element's datetime attribute.
func (p *catalogPage) ISO(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// renderCatalog renders a catalog page whole before sending it, so that a
// failure answers an error page, not half a page.
func (s *Server) renderCatalog(w http.ResponseWriter, r *http.Request, name string, p *catalogPage) {
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, p); err != nil {
		s.errorPage(w, r, err)
		return
	}
	if buf.Len() > maxPageBytes {
		s.log.Warn("a catalog page is over its bound", "path", r.URL.Path, "bytes", buf.Len())
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", pagePolicy)
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(buf.Bytes())
	}
}
