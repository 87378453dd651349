package registry

import (
	"regexp"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
)

// OrgKind says what an org is.
type OrgKind string

// The kinds of org.
const (
	Government OrgKind = "government" // 人民政府, 街道办事处, 管委会
	Office     OrgKind = "office"     // a government's office (政府办公室)
	Department OrgKind = "department" // a department under a government
)

// Level is the level of government an org belongs to.
type Level string

// The levels, from the top.
const (
	City     Level = "city"
	County   Level = "county"
	Township Level = "township"
)

// Org is one node of the tree.
type Org struct {
	bun.BaseModel `bun:"table:orgs"`

	Code       string    `bun:"code,pk"`
	ParentCode string    `bun:"parent_code,nullzero"`
	Kind       OrgKind   `bun:"kind"`
	Level      Level     `bun:"level"`
	Name       string    `bun:"name"`
	CreatedAt  time.Time `bun:"created_at"`
	UpdatedAt  time.Time `bun:"updated_at"`
}

var orgCodePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,62}$`)

// childLevel is the level a government's child government must have.
var childLevel = map[Level]Level{City: County, County: Township}

// validateShape checks one org against itself and its parent (nil for a root).
func (o *Org) validateShape(parent *Org) *govmedia.Error {
	switch {
	case !orgCodePattern.MatchString(o.Code):
		return govmedia.Errorf(govmedia.EINVALID, "org.code_invalid", "code", o.Code)
	case o.Name == "":
		return govmedia.Errorf(govmedia.EINVALID, "org.name_required")
	case o.Kind != Government && o.Kind != Office && o.Kind != Department:
		return govmedia.Errorf(govmedia.EINVALID, "org.kind_invalid", "kind", o.Kind)
	case o.Level != City && o.Level != County && o.Level != Township:
		return govmedia.Errorf(govmedia.EINVALID, "org.level_invalid", "level", o.Level)
	}
	if parent == nil {
		if o.Kind != Government || o.Level != City {
			return govmedia.Errorf(govmedia.EINVALID, "org.root_must_be_city")
		}
		return nil
	}
	return o.validateParent(parent)
}

func (o *Org) validateParent(parent *Org) *govmedia.Error {
	if parent.Kind != Government {
		return govmedia.Errorf(govmedia.EINVALID, "org.parent_not_government", "parent", parent.Code)
	}
	want := parent.Level
	if o.Kind == Government {
		want = childLevel[parent.Level]
	}
	if o.Level != want {
		return govmedia.Errorf(govmedia.EINVALID, "org.level_mismatch", "level", o.Level, "want", want, "parent", parent.Code)
	}
	return nil
}
