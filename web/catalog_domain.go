package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"govmedia"
	"govmedia/catalog"
	"govmedia/registry"
)

// domainBody is the body of a domain's page: one page of the items of a
// government's current catalog, grouped by first-level item.
type domainBody struct {
	Gov    *govView
	Domain domainView
	Groups []itemGroup
	Pager  *pager
}

// publicCatalog is a government's current catalog of a domain, as a page,
// a download or the API finds it.
type publicCatalog struct {
	tree    *catalogTree
	gov     *govView
	domain  registry.Domain
	version *catalog.Version
}

// validator of a catalog: its version, and the names around it.
func (c publicCatalog) validator() validator {
	parent := ""
	if c.gov.Parent != nil {
		parent = c.gov.Parent.Name
	}
	return validator{modified: c.version.CurrentSince,
		stamp: fmt.Sprintf("%d|%s|%s|%s", c.version.ID, c.gov.Name, parent, c.domain.Name)}
}

// findCatalog finds a government's current catalog of a domain: a 404 in
// the reader's language for an unknown government or domain, or a domain
// without a current catalog.
func (s *Server) findCatalog(ctx context.Context, p *catalogPage, org, domain string) (publicCatalog, error) {
	var c publicCatalog
	var err error
	if c.tree, err = s.catalogTree(ctx, p); err != nil {
		return c, err
	}
	if c.gov, err = c.tree.government(org); err != nil {
		return c, err
	}
	domains, err := s.registry.Domains(ctx)
	if err != nil {
		return c, err
	}
	if c.domain, err = domainIn(domains, domain, govmedia.ENOTFOUND); err != nil {
		return c, err
	}
	c.version, err = s.catalog.CurrentVersion(ctx, c.gov.Code, c.domain.Code)
	return c, err
}

// domainCatalogPage serves /catalogs/{org}/{domain} and its downloads
// (/catalogs/{org}/{domain}.xlsx, .csv, .json).
func (s *Server) domainCatalogPage(w http.ResponseWriter, r *http.Request) {
	code, format, download := strings.Cut(r.PathValue("file"), ".")
	p := newCatalogPage(r)
	c, err := s.findCatalog(r.Context(), p, r.PathValue("org"), code)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if download {
		s.downloadCatalog(w, r, c, format)
		return
	}
	q := r.URL.Query()
	page, err := numberParam(q, "page", 1, catalog.MaxItems)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	at, err := numberParam(q, "at", 1, catalog.MaxItems)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	v := c.validator()
	v.page = true
	if fresh(w, r, v) {
		return
	}
	body, err := s.domainBody(r.Context(), p, c, max(page, 1), at)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	p.Title = body.Domain.Name + " · " + c.gov.Name
	p.Crumbs = append(govCrumbs(c.gov, true), crumb{Name: body.Domain.Name})
	p.SearchAction, p.SearchDomain = "/catalogs/"+c.gov.Code, c.domain.Code
	p.SearchLabel = p.T("search_label", "scope", c.gov.Name)
	p.Body = body
	s.renderCatalog(w, r, "catalog_domain.html", p)
}

// domainBody lays out one page of a catalog: the page given, or the one
// holding the item at place at.
func (s *Server) domainBody(ctx context.Context, p *catalogPage, c publicCatalog, page, at int) (domainBody, error) {
	starts, all, err := s.pageStarts(ctx, p, c.version)
	if err != nil {
		return domainBody{}, err
	}
	if at > 0 {
		page = pageOf(starts, at)
	}
	if page > len(starts) {
		return domainBody{}, govmedia.Errorf(govmedia.ENOTFOUND, "catalog_pages.no_page", "page", page)
	}
	from, to := starts[page-1], c.version.ItemCount
	if page < len(starts) {
		to = starts[page] - 1
	}
	var items []catalog.Item
	if all != nil {
		items = all[from-1 : to]
	} else if items, err = s.catalog.ItemsBetween(ctx, c.version, from, to); err != nil {
		return domainBody{}, err
	}
	base := "/catalogs/" + c.gov.Code + "/" + c.domain.Code
	return domainBody{Gov: c.gov, Domain: p.domainOf(c.gov, c.domain, c.version), Groups: p.groups(items),
		Pager: p.pager(base, page, len(starts))}, nil
}

// pager links the pages of a long catalog: the first and last, and two
// either side of the one shown.
type pager struct {
	Label, PrevText, NextText, Of string
	Pages                         int
	PrevURL, NextURL              string
	Numbers                       []pageNumber
}

// pageNumber is a page's link; N 0 is a gap.
type pageNumber struct {
	N       int
	URL     string
	Current bool
}

func (p *catalogPage) pager(base string, page, pages int) *pager {
	link := func(n int) string {
		if n == 1 {
			return p.link(base)
		}
		return p.link(base, "page", strconv.Itoa(n))
	}
	pg := &pager{Label: p.T("pages"), PrevText: p.T("prev_page"), NextText: p.T("next_page"),
		Of: p.T("page_of", "page", page, "pages", pages), Pages: pages}
	if page > 1 {
		pg.PrevURL = link(page - 1)
	}
	if page < pages {
		pg.NextURL = link(page + 1)
	}
	for n := 1; n <= pages; n++ {
		switch {
		case n == page:
			pg.Numbers = append(pg.Numbers, pageNumber{N: n, Current: true})
		case n == 1 || n == pages || (n >= page-2 && n <= page+2):
			pg.Numbers = append(pg.Numbers, pageNumber{N: n, URL: link(n)})
		case n == page-3 || n == page+3:
			pg.Numbers = append(pg.Numbers, pageNumber{})
		}
	}
	return pg
}
