package web

import (
	"net/http"
	"time"

	"govmedia/catalog"
	"govmedia/registry"
)

// orgBody is the body of a government's page: its 26 domains, each with
// its current catalog or marked as having none, and its townships.
type orgBody struct {
	Gov     *govView
	Domains []domainView
	Current int // the domains with a current catalog
	Last    time.Time
}

// domainView is one domain of a government: its current catalog's link,
// version, size, since when it is current and its downloads ("" URL when
// it has none).
type domainView struct {
	Code, Name, URL string
	Line            string // 第 N 版 · 共 M 项 · … 起现行
	Downloads       downloadLinks
}

// downloadLinks are a catalog's files, as the official template.
type downloadLinks struct {
	Title string
	Links []downloadLink
}

type downloadLink struct{ Label, URL, Type string }

func (s *Server) orgCatalogsPage(w http.ResponseWriter, r *http.Request) {
	p := newCatalogPage(r)
	tree, err := s.catalogTree(r.Context(), p)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	gov, err := tree.government(r.PathValue("org"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	sq, err := searchParams(r, gov.Code)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if fresh(w, r, validator{modified: gov.lastChange(), stamp: tree.stamp, page: true}) {
		return
	}
	versions, err := s.catalog.CurrentVersions(r.Context(), gov.Code)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	domains, err := s.registry.Domains(r.Context())
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	p.Title, p.Crumbs, p.SearchAction = gov.Name, govCrumbs(gov, false), "/catalogs/"+gov.Code
	p.SearchDomain = sq.Domain // a search narrowed to a domain stays so
	p.SearchLabel = p.T("search_label", "scope", gov.Name)
	if sq.Q != "" {
		if p.Search, err = s.searchPage(r.Context(), p, tree, sq, p.SearchAction); err != nil {
			s.errorPage(w, r, err)
			return
		}
	}
	p.Body = p.orgBody(gov, domains, versions)
	s.renderCatalog(w, r, "catalog_org.html", p)
}

// govCrumbs are the steps to a government's page: its county first, for
// a township; linked is whether the government's own step is a link.
func govCrumbs(g *govView, linked bool) []crumb {
	var out []crumb
	if g.Parent != nil {
		out = append(out, crumb{g.Parent.Name, g.Parent.URL})
	}
	own := crumb{Name: g.Name}
	if linked {
		own.URL = g.URL
	}
	return append(out, own)
}

func (p *catalogPage) orgBody(gov *govView, domains []registry.Domain, versions []*catalog.Version) orgBody {
	current := map[string]*catalog.Version{}
	for _, v := range versions {
		current[v.Domain] = v
	}
	body := orgBody{Gov: gov, Current: len(versions), Last: gov.LastChange}
	for _, d := range domains {
		dv := domainView{Code: d.Code, Name: p.domainName(d)}
		if v := current[d.Code]; v != nil {
			dv = p.domainOf(gov, d, v)
		}
		body.Domains = append(body.Domains, dv)
	}
	return body
}

// domainOf is a domain's current catalog of gov, with its downloads.
func (p *catalogPage) domainOf(gov *govView, d registry.Domain, v *catalog.Version) domainView {
	base := "/catalogs/" + gov.Code + "/" + d.Code
	dv := domainView{Code: d.Code, Name: p.domainName(d), URL: p.link(base),
		Line:      p.T("version_line", "number", v.Number, "items", v.ItemCount, "since", p.Date(v.CurrentSince)),
		Downloads: downloadLinks{Title: p.T("downloads")}}
	for _, f := range downloadFormats {
		dv.Downloads.Links = append(dv.Downloads.Links, downloadLink{Label: p.T("download_" + f.ext), URL: base + "." + f.ext, Type: f.mime})
	}
	return dv
}
