package catalog

import (
	"govmedia"
)

// rowDomain is the domain of a row: its 领域 cell, else the sheet's. A
// problem is recorded once per sheet where the sheet leaves it unsaid.
func (p *parser) rowDomain(s *sheetReading, r row, ir *itemReading) string {
	code := s.domain
	if ir.domain != "" {
		switch found := p.match.match(ir.domain); {
		case len(found) == 1:
			code = found[0]
		case len(found) > 1:
			ir.problem("领域", govmedia.Errorf(govmedia.EINVALID, "catalog_import.domain_several", "value", ir.domain))
			return ""
		default:
			ir.problem("领域", govmedia.Errorf(govmedia.EINVALID, "catalog_import.domain_unknown", "value", ir.domain))
			return ""
		}
	}
	switch {
	case code == "" && s.several != nil:
		p.once(s, "several", r, govmedia.Errorf(govmedia.EINVALID, "catalog_import.sheet_several_domains", "sheet", s.sheet))
	case code == "":
		p.once(s, "missing", r, govmedia.Errorf(govmedia.EINVALID, "catalog_import.domain_missing"))
	case p.given != "" && code != p.given:
		p.once(s, "conflict/"+code, r, govmedia.Errorf(govmedia.EINVALID, "catalog_import.domain_conflict",
			"file", p.match.byCode[code], "given", p.match.byCode[p.given]))
	}
	return code
}

// once records a problem of the sheet as a whole, at the first row it
// touches.
func (p *parser) once(s *sheetReading, what string, r row, err *govmedia.Error) {
	if !s.reported[what] {
		s.reported[what] = true
		p.errs = append(p.errs, govmedia.FieldError{Sheet: s.sheet, Row: r.Num, Column: "领域", Err: err})
	}
}

// add puts an item in its domain. A domain is one sheet's: found again in
// another sheet it is a problem, since which sheet is the catalog cannot
// be told.
func (p *parser) add(s *sheetReading, rowNum int, code string, it Item) {
	i, ok := p.byCode[code]
	if !ok {
		i = len(p.domains)
		p.byCode[code] = i
		p.domains = append(p.domains, ParsedDomain{Domain: code, Sheet: s.sheet, Unknown: s.unknown})
	}
	if d := &p.domains[i]; d.Sheet != s.sheet {
		p.once(s, "repeated/"+code, row{Num: rowNum}, govmedia.Errorf(govmedia.EINVALID, "catalog_import.domain_repeated",
			"domain", p.match.byCode[code], "other", d.Sheet))
		return
	}
	p.domains[i].Items = append(p.domains[i].Items, it)
}
