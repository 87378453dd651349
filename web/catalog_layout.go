package web

import (
	"context"
	"html/template"
	"sort"
	"sync"

	"govmedia"
	"govmedia/catalog"
)

// A long catalog is shown a page at a time, each page under maxPageBytes
// whatever its items hold: a page takes items while their rendered size
// stays within itemsBudget (the rest of the bound is the page's frame),
// and at most pageItems of them.
const (
	itemsBudget = 80 << 10
	pageItems   = 50
)

// layouts remembers where the pages of each version start, per language
// (the labels differ): versions never change once public, so a layout is
// worked out once, from the whole version, and later pages read only
// their own items.
type layouts struct {
	mu sync.Mutex
	m  map[layoutKey][]int
}

type layoutKey struct {
	version int64
	lang    govmedia.Language
}

// maxLayouts bounds the memory layouts take: past it they are forgotten
// and worked out again.
const maxLayouts = 4096

func (l *layouts) get(k layoutKey) ([]int, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	starts, ok := l.m[k]
	return starts, ok
}

func (l *layouts) put(k layoutKey, starts []int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.m == nil || len(l.m) >= maxLayouts {
		l.m = map[layoutKey][]int{}
	}
	l.m[k] = starts
}

// pageStarts returns the places (1-based) where the pages of v start; all
// holds the whole version's items when they had to be read for it.
func (s *Server) pageStarts(ctx context.Context, p *catalogPage, v *catalog.Version) (starts []int, all []catalog.Item, err error) {
	key := layoutKey{v.ID, p.lang}
	if starts, ok := s.layouts.get(key); ok {
		return starts, nil, nil
	}
	all, err = s.catalog.ItemsBetween(ctx, v, 1, v.ItemCount)
	if err != nil {
		return nil, nil, err
	}
	starts = p.paginate(all)
	s.layouts.put(key, starts)
	return starts, all, nil
}

// paginate splits items into pages by their rendered size.
func (p *catalogPage) paginate(items []catalog.Item) []int {
	starts := []int{1}
	size, count := 0, 0
	for i, it := range items {
		n, head := p.itemBytes(it), len(template.HTMLEscapeString(it.Level1))+groupFrameBytes
		newGroup := i == 0 || it.Level1 != items[i-1].Level1
		if newGroup {
			n += head
		}
		if count > 0 && (size+n > itemsBudget || count == pageItems) {
			starts = append(starts, i+1)
			size, count = 0, 0
			if !newGroup { // the first-level heading is repeated atop a new page
				n += head
			}
		}
		size += n
		count++
	}
	return starts
}

// groupFrameBytes is what a group of items adds around its heading.
const groupFrameBytes = 96

// itemBytes is the size of an item as the page renders it.
func (p *catalogPage) itemBytes(it catalog.Item) int {
	var c countingWriter
	if err := pages.ExecuteTemplate(&c, "catalog_item", p.itemOf(it)); err != nil {
		return itemsBudget // never hides an item: it gets a page of its own
	}
	return int(c)
}

type countingWriter int

func (c *countingWriter) Write(b []byte) (int, error) {
	*c += countingWriter(len(b))
	return len(b), nil
}

// pageOf is the page (1-based) that holds the item at place.
func pageOf(starts []int, place int) int {
	return sort.Search(len(starts), func(i int) bool { return starts[i] > place })
}
