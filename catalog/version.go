package catalog

import (
	"time"

	"github.com/uptrace/bun"
)

// State is where a catalog version stands.
type State string

// The states of a version. A draft is edited by its unit; in review it
// climbs its chain and cannot change; approved, it becomes current and the
// version before it is superseded, kept as it was.
const (
	Draft      State = "draft"
	InReview   State = "in_review"
	Current    State = "current"
	Superseded State = "superseded"
	Rejected   State = "rejected"
)

// Version is one version of a government's catalog for one domain.
type Version struct {
	bun.BaseModel `bun:"table:catalog_versions,alias:v"`

	ID           int64     `bun:"id,pk,autoincrement"`
	OrgCode      string    `bun:"org_code"`
	Domain       string    `bun:"domain"`
	Number       int       `bun:"number"`
	State        State     `bun:"state"`
	ItemsHash    []byte    `bun:"items_hash"`
	ItemCount    int       `bun:"item_count"`
	BasedOn      int64     `bun:"based_on,nullzero"`
	Source       string    `bun:"source"`
	CreatedBy    string    `bun:"created_by"`
	CreatedAt    time.Time `bun:"created_at"`
	UpdatedAt    time.Time `bun:"updated_at"`
	SubmittedAt  time.Time `bun:"submitted_at,nullzero"`
	CurrentSince time.Time `bun:"current_since,nullzero"`
	SupersededAt time.Time `bun:"superseded_at,nullzero"`

	Items []Item `bun:"-"` // loaded on demand
}

// Open reports whether the version may still change or be decided.
func (v *Version) Open() bool { return v.State == Draft || v.State == InReview }

// itemRow is one item of a version as stored.
type itemRow struct {
	bun.BaseModel `bun:"table:catalog_items"`

	VersionID int64 `bun:"version_id,pk"`
	Position  int   `bun:"position,pk"`
	Item      Item  `bun:"item,type:jsonb"`
}

// searchRow is one item of a current version as searched.
type searchRow struct {
	bun.BaseModel `bun:"table:catalog_search"`

	VersionID  int64  `bun:"version_id,pk"`
	Position   int    `bun:"position,pk"`
	OrgCode    string `bun:"org_code"`
	Domain     string `bun:"domain"`
	SearchText string `bun:"search_text"`
}
