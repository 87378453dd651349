package registry_test

import (
	"testing"

	"govmedia"
	"govmedia/registry"
)

func TestEveryPlatformStateAndRoleHasAName(t *testing.T) {
	var keys []string
	for _, p := range registry.Platforms {
		keys = append(keys, "platform."+string(p))
	}
	for _, s := range []registry.State{registry.Approved, registry.Active, registry.Closing, registry.Closed, registry.Suspended} {
		keys = append(keys, "state."+string(s))
	}
	for _, r := range registry.Roles {
		keys = append(keys, "role."+string(r))
	}
	for _, k := range keys {
		for _, lang := range govmedia.Languages {
			if !govmedia.HasText(lang, k) {
				t.Errorf("%s has no %s name", k, lang)
			}
		}
	}
}
