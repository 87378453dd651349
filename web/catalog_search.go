package web

import (
	"context"
	"html/template"
	"strconv"

	"govmedia"
	"govmedia/catalog"
	"govmedia/registry"
)

// hitList is a page of a search's hits.
type hitList struct {
	Hits     []hitView
	From, To int    // the numbers of the first and last hit shown
	PrevURL  string // the page before, "" on the first
	NextURL  string // the page after, "" on the last
	Deep     bool   // more hits than a reader may page through
}

// hitView is one item found: its name and an excerpt of its content with
// the query marked, where it is, and the link to it on its catalog's page.
type hitView struct {
	Name, Snippet template.HTML
	Where, URL    string
}

// A page of hits lists hitsPerPage of them, fewer when their rendered
// size would pass hitsBudget; names and contents are cut around the query
// to nameWidth and snippetWidth characters.
const (
	hitsPerPage  = 50
	hitsBudget   = 80 << 10
	nameWidth    = 80
	snippetWidth = 120
)

// searchPage runs a page's search and lays out its hits; base is the page
// its links lead back to (/catalogs, or a government's page).
func (s *Server) searchPage(ctx context.Context, p *catalogPage, tree *catalogTree, q catalog.SearchQuery, base string) (*hitList, error) {
	domains, err := s.registry.Domains(ctx)
	if err != nil {
		return nil, err
	}
	if q.Domain != "" {
		if _, err := domainIn(domains, q.Domain, govmedia.EINVALID); err != nil {
			return nil, err
		}
	}
	q.Limit = hitsPerPage + 1 // one more, to know there are more
	hits, err := s.catalog.Search(ctx, q)
	if err != nil {
		return nil, err
	}
	p.Query = q.Q
	list := &hitList{From: q.Offset + 1}
	size := 0
	for i, h := range hits {
		v := p.hitOf(h, tree, domains, q)
		n := hitBytes(v)
		if i == hitsPerPage || (i > 0 && size+n > hitsBudget) {
			break
		}
		list.Hits, size = append(list.Hits, v), size+n
	}
	list.To = q.Offset + len(list.Hits)
	page := func(offset int) string {
		return p.link(base, "q", q.Q, "domain", q.Domain, "offset", strconv.Itoa(offset))
	}
	if len(hits) > len(list.Hits) {
		if next := list.To; next <= catalog.MaxSearchOffset {
			list.NextURL = page(next)
		} else {
			list.Deep = true
		}
	}
	if q.Offset > 0 {
		list.PrevURL = page(max(0, q.Offset-hitsPerPage))
	}
	return list, nil
}

// hitOf is how a search page shows a hit.
func (p *catalogPage) hitOf(h catalog.Hit, tree *catalogTree, domains []registry.Domain, q catalog.SearchQuery) hitView {
	domain := h.Domain
	if d, ok := findDomain(domains, h.Domain); ok {
		domain = p.domainName(d)
	}
	where := domain
	if q.Org == "" {
		where = p.T("hit_in", "org", orgName(tree, h.OrgCode), "domain", domain)
	}
	at := strconv.Itoa(h.Position)
	return hitView{
		Name:    mark(excerpt(h.Item.Name(), q.Q, nameWidth), q.Q),
		Snippet: mark(excerpt(h.Item.Content, q.Q, snippetWidth), q.Q),
		Where:   where,
		URL:     p.link("/catalogs/"+h.OrgCode+"/"+h.Domain, "at", at) + "#item-" + at,
	}
}

func hitBytes(v hitView) int {
	var c countingWriter
	if err := pages.ExecuteTemplate(&c, "catalog_hit", v); err != nil {
		return hitsBudget
	}
	return int(c)
}
