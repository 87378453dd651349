package approvals

import (
	"context"

	"github.com/uptrace/bun"

	"govmedia/registry"
)

// OfficeChain is the chain of an account application: the office of every
// government above the applicant, up to the city office, which decides
// last (registry.ApprovingOffices). A township goes to its county office,
// then the city office; a county department to its county office, then the
// city office; a city department, and the city office itself, to the city
// office. Every office but the last reviews; the city office approves.
func OfficeChain(ctx context.Context, db bun.IDB, applicantOrg string) ([]StepSpec, error) {
	offices, err := registry.ApprovingOffices(ctx, db, applicantOrg)
	if err != nil {
		return nil, err
	}
	chain := make([]StepSpec, len(offices))
	for i, o := range offices {
		chain[i] = StepSpec{Office: o, Role: registry.Reviewer}
	}
	chain[len(chain)-1].Role = registry.Approver
	return chain, nil
}
