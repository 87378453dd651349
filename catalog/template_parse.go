package catalog

import (
	"strings"

	"govmedia"
	"govmedia/registry"
)

// parser gathers the items of every sheet by domain, and every problem.
type parser struct {
	match   *domainMatcher
	given   string // TemplateOptions.Domain
	errs    govmedia.FieldErrors
	notes   []string
	domains []ParsedDomain
	byCode  map[string]int // index in domains
	tables  int
}

// sheetReading is what holds while one sheet's rows are read.
type sheetReading struct {
	sheet    string
	domain   string   // what the sheet name, its title or the --domain flag names
	several  []string // the domains a sheet name such as "5.社会救助、养老服务" names
	unknown  []string
	level1   string // the first-level item of the rows above, for rows that leave it blank
	reported map[string]bool
}

// table reads one sheet; a sheet with no catalog header is passed over
// (an instructions sheet, a list for drop-downs).
func (p *parser) table(t table) {
	h, ok := findHeader(t.Rows)
	if !ok {
		return
	}
	p.tables++
	if errs := h.columns(t.Sheet, t.Rows); len(errs) > 0 {
		p.errs = append(p.errs, errs...)
		return
	}
	s := &sheetReading{sheet: t.Sheet, unknown: h.unknown, reported: map[string]bool{}}
	p.above(s, t.Rows[:h.first])
	p.sheetDomain(s)
	inNotes := false
	for _, r := range t.Rows[h.last+1:] {
		if inNotes = inNotes || registry.IsNoteLine(r.First()); inNotes {
			p.note(r.Text()) // what follows a 注 row is notes too
			continue
		}
		if registry.IsTotalLine(r.First()) || !substantive(r, h.cols) {
			continue
		}
		p.item(s, r, h.cols)
	}
}

// above keeps the lines over the header: the title names the domain,
// the others (填报单位, 日期) are notes.
func (p *parser) above(s *sheetReading, rows []row) {
	titled := false
	for _, r := range rows {
		text := r.Text()
		if strings.Contains(text, "目录") && !titled {
			s.domain, titled = p.match.titleDomain(text), true
			continue
		}
		p.note(text)
	}
}

// sheetDomain settles what domain the sheet's rows are in when they do not
// say: the sheet's name, else its title, else the --domain flag.
func (p *parser) sheetDomain(s *sheetReading) {
	fromTitle := s.domain
	s.domain = ""
	if s.sheet != "" {
		switch found := p.match.match(s.sheet); {
		case len(found) == 1:
			s.domain = found[0]
		case len(found) > 1:
			s.several = found
		}
	}
	if s.domain == "" && s.several == nil {
		s.domain = fromTitle
	}
	if s.domain == "" && p.given != "" {
		s.domain = p.given
	}
}

func (p *parser) note(text string) {
	for _, n := range p.notes {
		if n == text {
			return
		}
	}
	if text != "" {
		p.notes = append(p.notes, text)
	}
}

// result is the parse, or every problem found.
func (p *parser) result() (*Parsed, error) {
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	if p.tables == 0 {
		return nil, govmedia.Errorf(govmedia.EINVALID, "catalog_import.no_table")
	}
	if len(p.domains) == 0 {
		return nil, govmedia.Errorf(govmedia.EINVALID, "catalog_import.no_items")
	}
	for i := range p.domains {
		for j := range p.domains[i].Items {
			if p.domains[i].Items[j].Seq == 0 {
				p.domains[i].Items[j].Seq = j + 1
			}
		}
	}
	return &Parsed{Domains: p.domains, Notes: p.notes}, nil
}
