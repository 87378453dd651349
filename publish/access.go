package publish

import (
	"govmedia"
	"govmedia/registry"
)

// CheckMayPublish refuses guides, who review catalogs and publish
// nothing; every other member may submit publications and policies for
// their own org's scope (Targets decides which accounts). Errors:
// EFORBIDDEN.
func CheckMayPublish(m *registry.Member) error {
	if m.Role == registry.Guide {
		return govmedia.Errorf(govmedia.EFORBIDDEN, "publication.guides_cannot_publish")
	}
	return nil
}
