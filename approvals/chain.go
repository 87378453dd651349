package approvals

import (
	"context"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/registry"
)

// OfficeChain is the chain of an account application: the office of every
// government above the applicant, up to the city office, which decides
// last. A township goes to its county office, then the city office; a
// county department to its county office, then the city office; a city
// department, and the city office itself, to the city office. An office
// never reviews its own application at an intermediate step.
func OfficeChain(ctx context.Context, db bun.IDB, applicantOrg string) ([]StepSpec, error) {
	up, err := registry.Ancestors(ctx, db, applicantOrg)
	if err != nil {
		return nil, err
	}
	var chain []StepSpec
	for _, g := range up[1:] {
		if g.Kind != registry.Government {
			continue
		}
		office, err := registry.OfficeOf(ctx, db, g.Code)
		if err != nil {
			return nil, err
		}
		if office != nil && office.Code != applicantOrg {
			chain = append(chain, StepSpec{Office: office.Code, Role: registry.Reviewer})
		}
	}
	city, err := cityOffice(ctx, db, up[len(up)-1])
	if err != nil {
		return nil, err
	}
	if len(chain) == 0 || chain[len(chain)-1].Office != city.Code {
		chain = append(chain, StepSpec{Office: city.Code})
	}
	chain[len(chain)-1].Role = registry.Approver
	return chain, nil
}

func cityOffice(ctx context.Context, db bun.IDB, root *registry.Org) (*registry.Org, error) {
	office, err := registry.OfficeOf(ctx, db, root.Code)
	if err != nil {
		return nil, err
	}
	if office == nil {
		return nil, govmedia.Errorf(govmedia.EINVALID, "approvals.no_city_office", "city", root.Name)
	}
	return office, nil
}
