package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"govmedia"
	"govmedia/catalog"
	"govmedia/registry"
)

// govView is a grassroots government on the catalog pages, with what it
// publishes.
type govView struct {
	Code, Name, URL string
	Domains         int // domains with a current catalog
	Items           int
	LastChange      time.Time
	Parent          *govView   // a township's county
	Townships       []*govView // a county's townships that publish
	Unpublished     int        // a county's townships that publish nothing yet
}

// catalogTree is the counties, each with its townships, and what each
// publishes: the list of /catalogs and the frame of every catalog page.
type catalogTree struct {
	Counties []*govView
	byCode   map[string]*govView
	last     time.Time // the latest change of any catalog
	stamp    string    // changes whenever anything the tree shows does
}

// catalogTree reads the tree of grassroots governments and what they
// publish: two small reads, before a page decides it is not modified.
func (s *Server) catalogTree(ctx context.Context, p *catalogPage) (*catalogTree, error) {
	orgs, err := s.registry.Orgs(ctx)
	if err != nil {
		return nil, err
	}
	published, err := s.catalog.Published(ctx)
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	tree := &catalogTree{byCode: map[string]*govView{}}
	byOrg := map[string]catalog.Published{}
	for _, pub := range published {
		byOrg[pub.Org] = pub
		tree.last = later(tree.last, pub.LastChange)
		fmt.Fprintf(h, "%s|%d|%d|%d\n", pub.Org, pub.Domains, pub.Items, pub.LastChange.UnixMicro())
	}
	for _, o := range orgs { // parents come before their children
		if o.Kind != registry.Government || o.Level == registry.City {
			continue
		}
		fmt.Fprintf(h, "%s|%s|%s\n", o.Code, o.ParentCode, o.Name)
		pub := byOrg[o.Code]
		g := &govView{Code: o.Code, Name: o.Name, URL: p.link("/catalogs/" + o.Code), Domains: pub.Domains, Items: pub.Items, LastChange: pub.LastChange}
		tree.byCode[o.Code] = g
		tree.place(g, o)
	}
	tree.stamp = hex.EncodeToString(h.Sum(nil))
	return tree, nil
}

// place puts a county at the top, a township under its county.
func (t *catalogTree) place(g *govView, o *registry.Org) {
	parent := t.byCode[o.ParentCode]
	switch {
	case o.Level == registry.County || parent == nil:
		t.Counties = append(t.Counties, g)
	case g.Domains > 0:
		g.Parent = parent
		parent.Townships = append(parent.Townships, g)
	default:
		g.Parent = parent
		parent.Unpublished++
	}
}

// government is the government coded code, or a 404 in the reader's
// language naming at most 32 characters of what was asked.
func (t *catalogTree) government(code string) (*govView, error) {
	if g, ok := t.byCode[code]; ok {
		return g, nil
	}
	return nil, govmedia.Errorf(govmedia.ENOTFOUND, "catalog_pages.no_government", "org", shorten(code, 32))
}

// lastChange is when g's page last changed: its own catalogs or, for a
// county, those of its townships it lists.
func (g *govView) lastChange() time.Time {
	last := g.LastChange
	for _, t := range g.Townships {
		last = later(last, t.LastChange)
	}
	return last
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
