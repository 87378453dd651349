package catalog

import (
	"govmedia"
	"govmedia/registry"
)

// TemplateOptions say what ParseTemplate needs beyond the file.
type TemplateOptions struct {
	// Domain is the code of the domain of a file that holds one domain and
	// names none (the --domain flag); a file that names another is refused.
	Domain string
	// Domains are the 26 pilot domains, to match sheet names, titles and a
	// 领域 column by code, name or the notice's number ("3.义务教育").
	Domains []registry.Domain
}

// Parsed is what a catalog file holds.
type Parsed struct {
	Domains []ParsedDomain // in file order
	Notes   []string       // 注 rows, 填报单位 lines and other text beside the tables
}

// ParsedDomain is the items of one domain, as one sheet holds them.
type ParsedDomain struct {
	Domain  string   // the domain's code
	Sheet   string   // the sheet they came from, "" for CSV
	Items   []Item   // in file order
	Unknown []string // headers of the sheet not understood, their columns ignored
}

// The bounds of what an import reads. The largest real catalogs hold a few
// thousand items; 20,000 rows leave room for 26 domains of them.
const (
	maxRows    = 20000
	maxColumns = 64 // the template has 15 columns; cells further right are dropped
	maxMerges  = 10000
)

// ParseTemplate reads a catalog file as departments fill the official
// template: xlsx (as Excel, WPS and LibreOffice save it) or CSV (UTF-8 with
// or without BOM, or GB18030). A file that cannot be read at all is a
// *govmedia.Error (EINVALID); a file with problems is refused as a whole
// with govmedia.FieldErrors, every problem with its sheet, row, column and
// reason, and nothing half-parsed.
func ParseTemplate(name string, data []byte, opts TemplateOptions) (*Parsed, error) {
	if len(data) > registry.MaxSheetBytes {
		return nil, govmedia.Errorf(govmedia.EINVALID, "sheet.too_large", "limit", "32 MB")
	}
	m := newDomainMatcher(opts.Domains)
	if opts.Domain != "" && m.byCode[opts.Domain] == "" {
		return nil, govmedia.Errorf(govmedia.EINVALID, "catalog_import.domain_unknown", "value", opts.Domain)
	}
	tables, err := readTables(name, data)
	if err != nil {
		return nil, err
	}
	p := &parser{match: m, given: opts.Domain, byCode: map[string]int{}}
	for _, t := range tables {
		p.table(t)
	}
	return p.result()
}
