package publish

import (
	"strings"
	"time"

	"github.com/uptrace/bun"

	"govmedia/registry"
)

// Mode is how a publication reaches an account's followers.
type Mode string

// The modes.
const (
	// Publish (freepublish) puts the articles on the account's page and
	// notifies nobody; it uses no mass-send quota.
	Publish Mode = "publish"
	// Broadcast (mass send) pushes the articles to every follower, within
	// the platform's quota: a subscription account once a day, a service
	// account four times a month.
	Broadcast Mode = "broadcast"
)

// PublicationState is where a publication stands.
type PublicationState string

// The states of a publication.
const (
	InReview   PublicationState = "review"
	Delivering PublicationState = "delivering"
	Done       PublicationState = "done"
	Refused    PublicationState = "rejected"
	Withdrawn  PublicationState = "withdrawn"
)

// Publication is content to deliver to accounts once approved.
type Publication struct {
	bun.BaseModel `bun:"table:publications"`

	ID         int64            `bun:"id,pk,autoincrement"`
	Kind       string           `bun:"kind"`
	IssuingOrg string           `bun:"issuing_org"`
	CreatedBy  int64            `bun:"created_by"`
	Mode       Mode             `bun:"mode"`
	Targets    Targets          `bun:"targets,type:jsonb"`
	State      PublicationState `bun:"state"`
	CreatedAt  time.Time        `bun:"created_at"`
	ApprovedAt time.Time        `bun:"approved_at,nullzero"`

	Articles []*Article `bun:"rel:has-many,join:id=publication_id"`
}

// Article is one article of a publication (a draft holds up to eight).
type Article struct {
	bun.BaseModel `bun:"table:publication_articles"`

	PublicationID int64  `bun:"publication_id,pk"`
	Position      int    `bun:"position,pk"`
	Title         string `bun:"title"`
	Author        string `bun:"author"`
	Digest        string `bun:"digest"`
	Content       string `bun:"content"` // sanitised HTML; body images as src="govmedia:NAME"
	SourceURL     string `bun:"source_url"`
	Cover         []byte `bun:"cover"`
	CoverName     string `bun:"cover_name"`
}

// Image is an image of an article body, uploaded per account at delivery.
type Image struct {
	bun.BaseModel `bun:"table:publication_images"`

	PublicationID int64  `bun:"publication_id,pk"`
	Name          string `bun:"name,pk"`
	Data          []byte `bun:"data"`
}

// Targets say which accounts a publication goes to: a rule (an org, with or
// without the orgs below it, optionally only accounts covering some
// domains) or an explicit list. They resolve to the active WeChat official
// accounts at approval time.
type Targets struct {
	Org         string   `json:"org,omitempty"`
	Descendants bool     `json:"descendants,omitempty"`
	Domains     []string `json:"domains,omitempty"`
	Accounts    []int64  `json:"accounts,omitempty"`
	Orgs        []string `json:"orgs,omitempty"`      // instead of Org: the accounts hosted by any of these orgs
	GuidesOf    string   `json:"guides_of,omitempty"` // and those of the city departments guiding this domain
	// Closing lets the targets be accounts in their closing notice, which
	// receive nothing else: a closure notice reaches the account it announces.
	Closing bool `json:"closing,omitempty"`
}

// reaches reports whether a publication may be delivered to an account in
// state: an active one, or a closing one for a closure notice.
func reaches(pub *Publication, state string) bool {
	return state == string(registry.Active) || (state == string(registry.Closing) && pub.Targets.Closing)
}

// Excerpt is what a card shows of an article: its digest, or the start of
// its text.
func (a *Article) Excerpt() string {
	if a.Digest != "" {
		return a.Digest
	}
	text := []rune(strings.TrimSpace(stripTags(a.Content)))
	if len(text) > 60 {
		return string(text[:60]) + "…"
	}
	return string(text)
}
