package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"govmedia"
	"govmedia/catalog"
	"govmedia/registry"
)

// SetCatalog mounts the public catalog pages over c (the seed's 在县级政府
// 门户网站集中发布 … 提供便捷的信息检索和下载服务功能): every government's
// current catalogs, one government's by domain, one domain's items, their
// search and downloads, and the same as JSON. They are public routes,
// limited and capped as the directory is. Call it once, before serving.
func (s *Server) SetCatalog(c *catalog.Catalog) {
	s.catalog = c
	s.layouts = &layouts{}
	s.handlePublic("GET /catalogs", s.catalogsPage)
	s.handlePublic("GET /catalogs/", s.catalogNotFound)
	s.handlePublic("GET /catalogs/{org}", s.orgCatalogsPage)
	s.handlePublic("GET /catalogs/{org}/{file}", s.domainCatalogPage)
	s.handlePublic("GET /api/v1/catalogs/search", s.searchCatalogsAPI)
	s.handlePublic("GET /api/v1/catalogs/{org}/{domain}", s.domainCatalogAPI)
}

// indexBody is the body of /catalogs: every government, and when the
// catalogs last changed.
type indexBody struct {
	Tree *catalogTree
	Last time.Time
}

func (s *Server) catalogsPage(w http.ResponseWriter, r *http.Request) {
	p := newCatalogPage(r)
	sq, err := searchParams(r, "")
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	tree, err := s.catalogTree(r.Context(), p)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if fresh(w, r, validator{modified: tree.last, stamp: tree.stamp, page: true}) {
		return
	}
	p.Title, p.SearchAction = p.T("index_title"), "/catalogs"
	p.SearchLabel = p.T("search_label", "scope", p.T("scope_all"))
	if sq.Q != "" {
		if p.Search, err = s.searchPage(r.Context(), p, tree, sq, "/catalogs"); err != nil {
			s.errorPage(w, r, err)
			return
		}
	}
	p.Body = indexBody{Tree: tree, Last: tree.last}
	s.renderCatalog(w, r, "catalogs.html", p)
}

// catalogNotFound answers a path under /catalogs/ that no page has.
func (s *Server) catalogNotFound(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, govmedia.Errorf(govmedia.ENOTFOUND, "catalog_pages.no_such_page", "path", shorten(r.URL.Path, 40)))
}

// searchParams reads a page's search: its text, the domain it is narrowed
// to, how many hits to skip; org is the government whose page it is.
func searchParams(r *http.Request, org string) (catalog.SearchQuery, error) {
	q := r.URL.Query()
	sq := catalog.SearchQuery{Q: strings.TrimSpace(q.Get("q")), Org: org, Domain: q.Get("domain")}
	var err error
	sq.Offset, err = numberParam(q, "offset", 0, catalog.MaxSearchOffset)
	return sq, err
}

// numberParam reads a whole number between lo and hi; 0 when absent.
func numberParam(q url.Values, name string, lo, hi int) (int, error) {
	v := q.Get(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, govmedia.Errorf(govmedia.EINVALID, "web.bad_number", "name", name)
	}
	return n, nil
}

// findDomain finds the domain coded code in list.
func findDomain(list []registry.Domain, code string) (registry.Domain, bool) {
	for _, d := range list {
		if d.Code == code {
			return d, true
		}
	}
	return registry.Domain{}, false
}

// domainIn finds the domain coded code in list; one that is not there is
// an error with the code given, naming at most 32 characters of it.
func domainIn(list []registry.Domain, code, errCode string) (registry.Domain, error) {
	if d, ok := findDomain(list, code); ok {
		return d, nil
	}
	return registry.Domain{}, govmedia.Errorf(errCode, "domain.not_found", "code", shorten(code, 32))
}

// domainName is a domain's name in the reader's language.
func (p *catalogPage) domainName(d registry.Domain) string {
	if key := "catalog_pages.domain." + d.Code; p.English() && govmedia.HasText(p.lang, key) {
		return govmedia.Print(p.lang, key)
	}
	return d.Name
}
