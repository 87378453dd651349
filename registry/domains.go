package registry

import (
	"context"

	"github.com/uptrace/bun"

	"govmedia"
)

// Domain is one of the 26 pilot domains of public-affairs disclosure
// (试点领域), with the city departments that guide it.
type Domain struct {
	bun.BaseModel `bun:"table:domains"`

	Code        string   `bun:"code,pk"`
	Name        string   `bun:"name"`
	NoticeRow   int      `bun:"notice_row"`
	GuidingOrgs []string `bun:"guiding_orgs,array"`
}

// Domains lists the pilot domains in the order of the notice's table.
func (r *Registry) Domains(ctx context.Context) ([]Domain, error) {
	return listDomains(ctx, r.db)
}

func listDomains(ctx context.Context, db bun.IDB) ([]Domain, error) {
	var list []Domain
	err := db.NewSelect().Model(&list).OrderExpr("notice_row, code").Scan(ctx)
	return list, err
}

// DomainNames maps each domain code to its name, read once per process.
func (r *Registry) DomainNames(ctx context.Context) (map[string]string, error) {
	return r.domainNames(ctx, r.db)
}

// domainNames maps each domain code to its name. The domains are
// reference data that only migrations change, so the map is read once.
func (r *Registry) domainNames(ctx context.Context, db bun.IDB) (map[string]string, error) {
	r.domainsMu.Lock()
	defer r.domainsMu.Unlock()
	if r.domains != nil {
		return r.domains, nil
	}
	m, err := domainNames(ctx, db)
	if err == nil && len(m) > 0 {
		r.domains = m
	}
	return m, err
}

// domainNames reads the map of domain codes to names.
func domainNames(ctx context.Context, db bun.IDB) (map[string]string, error) {
	list, err := listDomains(ctx, db)
	if err != nil {
		return nil, err
	}
	m := make(map[string]string, len(list))
	for _, d := range list {
		m[d.Code] = d.Name
	}
	return m, nil
}

// DomainByCode returns one pilot domain. Errors: ENOTFOUND.
func DomainByCode(ctx context.Context, db bun.IDB, code string) (*Domain, error) {
	d := new(Domain)
	err := db.NewSelect().Model(d).Where("code = ?", code).Scan(ctx)
	if isNoRows(err) {
		return nil, govmedia.Errorf(govmedia.ENOTFOUND, "domain.not_found", "code", code)
	}
	return d, err
}
