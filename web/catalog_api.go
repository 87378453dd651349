package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"time"

	"govmedia"
	"govmedia/catalog"
)

// catalogJSON is a page of a current catalog, as the API answers it.
type catalogJSON struct {
	Org          string          `json:"org"`
	OrgName      string          `json:"org_name"`
	Domain       string          `json:"domain"`
	DomainName   string          `json:"domain_name"`
	Version      int             `json:"version"`
	CurrentSince time.Time       `json:"current_since"`
	ItemCount    int             `json:"item_count"`
	Items        json.RawMessage `json:"items"`          // keyed by the template's columns, as the JSON download
	Next         int             `json:"next,omitempty"` // the after of the next page; absent on the last
}

// apiPage is how many items a page of the API holds, at most and by
// default.
const apiPage = 100

// domainCatalogAPI answers /api/v1/catalogs/{org}/{domain}?after=&limit=:
// the items after place after, limit of them.
func (s *Server) domainCatalogAPI(w http.ResponseWriter, r *http.Request) {
	c, err := s.findCatalog(r.Context(), newCatalogPage(r), r.PathValue("org"), r.PathValue("domain"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	q := r.URL.Query()
	limit, err := numberParam(q, "limit", 1, apiPage)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	after, err := numberParam(q, "after", 0, catalog.MaxItems)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if limit == 0 {
		limit = apiPage
	}
	if fresh(w, r, c.validator()) {
		return
	}
	items, err := s.catalog.ItemsBetween(r.Context(), c.version, after+1, after+limit)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	raw, err := templateJSON([]catalog.TemplateDomain{{Domain: c.domain.Code, DomainName: c.domain.Name, Items: items}})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := catalogJSON{Org: c.gov.Code, OrgName: c.gov.Name, Domain: c.domain.Code, DomainName: c.domain.Name,
		Version: c.version.Number, CurrentSince: c.version.CurrentSince, ItemCount: c.version.ItemCount, Items: raw}
	if after+limit < c.version.ItemCount {
		out.Next = after + limit
	}
	writeJSON(w, http.StatusOK, out)
}

// templateJSON is items as the JSON download writes them.
func templateJSON(domains []catalog.TemplateDomain) (json.RawMessage, error) {
	var buf bytes.Buffer
	err := catalog.WriteTemplateJSON(&buf, catalog.Template{Domains: domains})
	return buf.Bytes(), err
}

// hitJSON is one item found, as the API answers it.
type hitJSON struct {
	Org        string          `json:"org"`
	OrgName    string          `json:"org_name"`
	Domain     string          `json:"domain"`
	DomainName string          `json:"domain_name"`
	Position   int             `json:"position"`
	Item       json.RawMessage `json:"item"`
}

// searchJSON is a page of a search's hits.
type searchJSON struct {
	Query string    `json:"query"`
	Hits  []hitJSON `json:"hits"`
	Next  int       `json:"next_offset,omitempty"` // the offset of the next page; absent on the last
}

// searchCatalogsAPI answers /api/v1/catalogs/search?q=&org=&domain=&limit=&offset=.
func (s *Server) searchCatalogsAPI(w http.ResponseWriter, r *http.Request) {
	p := newCatalogPage(r)
	tree, err := s.catalogTree(r.Context(), p)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	sq, err := s.apiSearchQuery(r, tree)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if fresh(w, r, validator{modified: tree.last, stamp: tree.stamp}) {
		return
	}
	want := sq.Limit
	sq.Limit++ // one more, to know there are more
	hits, err := s.catalog.Search(r.Context(), sq)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := searchJSON{Query: sq.Q, Hits: []hitJSON{}}
	if len(hits) > want {
		hits, out.Next = hits[:want], sq.Offset+want
	}
	if out.Hits, err = s.hitsJSON(r, tree, hits); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// apiSearchQuery reads the API's search; an unknown government or domain
// is a bad request.
func (s *Server) apiSearchQuery(r *http.Request, tree *catalogTree) (catalog.SearchQuery, error) {
	q := r.URL.Query()
	sq, err := searchParams(r, q.Get("org"))
	if err != nil {
		return sq, err
	}
	if sq.Limit, err = numberParam(q, "limit", 1, apiPage-1); err != nil {
		return sq, err
	}
	if sq.Limit == 0 {
		sq.Limit = 20
	}
	if _, err := tree.government(sq.Org); sq.Org != "" && err != nil {
		return sq, govmedia.Errorf(govmedia.EINVALID, "catalog_pages.no_government", "org", shorten(sq.Org, 32))
	}
	if sq.Domain != "" {
		domains, err := s.registry.Domains(r.Context())
		if err != nil {
			return sq, err
		}
		_, err = domainIn(domains, sq.Domain, govmedia.EINVALID)
		return sq, err
	}
	return sq, nil
}

func (s *Server) hitsJSON(r *http.Request, tree *catalogTree, hits []catalog.Hit) ([]hitJSON, error) {
	domains, err := s.registry.Domains(r.Context())
	if err != nil {
		return nil, err
	}
	list := make([]catalog.TemplateDomain, len(hits))
	out := make([]hitJSON, len(hits))
	for i, h := range hits {
		d, _ := findDomain(domains, h.Domain)
		list[i] = catalog.TemplateDomain{Domain: h.Domain, DomainName: d.Name, Items: []catalog.Item{h.Item}}
		out[i] = hitJSON{Org: h.OrgCode, OrgName: orgName(tree, h.OrgCode), Domain: h.Domain, DomainName: d.Name, Position: h.Position}
	}
	raw, err := templateJSON(list)
	if err != nil {
		return nil, err
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Item = items[i]
	}
	return out, nil
}

func orgName(tree *catalogTree, code string) string {
	if g, ok := tree.byCode[code]; ok {
		return g.Name
	}
	return code
}
