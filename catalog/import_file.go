package catalog

import (
	"context"
	"io"

	"govmedia/registry"
)

// FileImport is what reading a catalog file came to.
type FileImport struct {
	Outcomes []Outcome
	Notes    []string            // the file's 注 rows
	Unknown  map[string][]string // per domain, the headers not understood
}

// ImportFile reads a catalog file (the official template, xlsx or csv)
// and imports it as the government's drafts, or, with dryRun, says what it
// would do and writes nothing. domain is the domain of a file that names
// none. Errors: the template's (every problem with its place), Import's.
func (c *Catalog) ImportFile(ctx context.Context, by Editor, org, domain, name string, data []byte, dryRun bool) (*FileImport, error) {
	domains, err := c.reg.Domains(ctx)
	if err != nil {
		return nil, err
	}
	parsed, err := ParseTemplate(name, data, TemplateOptions{Domain: domain, Domains: domains})
	if err != nil {
		return nil, err
	}
	fi := &FileImport{Notes: parsed.Notes, Unknown: map[string][]string{}}
	var files []DomainItems
	for _, d := range parsed.Domains {
		files = append(files, DomainItems{Domain: d.Domain, Items: d.Items})
		if len(d.Unknown) > 0 {
			fi.Unknown[d.Domain] = d.Unknown
		}
	}
	if dryRun {
		fi.Outcomes, err = c.Plan(ctx, by, org, files)
	} else {
		fi.Outcomes, err = c.Import(ctx, by, org, files, name)
	}
	return fi, err
}

// ExportCurrent writes a government's current catalogs (one domain, or
// every one that has a current version) as the official template, in
// format xlsx, csv or json. Errors: ENOTFOUND (no current catalog), EINVALID.
func (c *Catalog) ExportCurrent(ctx context.Context, w io.Writer, org, domain, format string) error {
	t, err := c.template(ctx, org, domain)
	if err != nil {
		return err
	}
	switch format {
	case "xlsx":
		return WriteTemplateXLSX(w, t)
	case "csv":
		return WriteTemplateCSV(w, t)
	case "json":
		return WriteTemplateJSON(w, t)
	}
	return errFormat(format)
}

// ExportVersion writes one version (current, superseded, or open for one
// who may see it) as the official template.
func (c *Catalog) ExportVersion(ctx context.Context, w io.Writer, m *registry.Member, id int64, format string) error {
	v, err := c.VersionFor(ctx, m, id)
	if err != nil {
		return err
	}
	gov, err := registry.OrgByCode(ctx, c.db, v.OrgCode)
	if err != nil {
		return err
	}
	names, err := c.reg.DomainNames(ctx)
	if err != nil {
		return err
	}
	t := Template{Org: gov.Name, Domains: []TemplateDomain{{Domain: v.Domain, DomainName: names[v.Domain], Items: v.Items}}}
	switch format {
	case "xlsx":
		return WriteTemplateXLSX(w, t)
	case "csv":
		return WriteTemplateCSV(w, t)
	}
	return errFormat(format)
}
