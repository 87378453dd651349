package content

import (
	"context"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/registry"
)

// CheckKeep refuses unless m may keep the content check's lists: the city
// office's approvers and admins, who answer for what the city's accounts
// publish (the command line, as the service's operator, may too).
// Errors: EFORBIDDEN.
func CheckKeep(ctx context.Context, db bun.IDB, m *registry.Member) error {
	if !registry.IsCityOffice(ctx, db, m.OrgCode) || (m.Role != registry.Approver && m.Role != registry.Admin) {
		return govmedia.Errorf(govmedia.EFORBIDDEN, "content.keep_city_office_only")
	}
	return nil
}
