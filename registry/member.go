package registry

import (
	"time"

	"github.com/uptrace/bun"

	"govmedia"
)

// Role is what a member may do.
type Role string

// The roles.
const (
	Operator Role = "operator" // 主办单位 operator: applies, binds, publishes
	Reviewer Role = "reviewer" // county office: decides intermediate steps
	Approver Role = "approver" // city office: decides final steps
	Guide    Role = "guide"    // city guiding department: reviews catalogs
	Admin    Role = "admin"    // invites and revokes members of its org and below
)

// ReviewGroup is not a member's role: an invite with it binds a Telegram
// group as an office's review chat.
const ReviewGroup Role = "review_group"

// Roles lists every role a member can have.
var Roles = []Role{Operator, Reviewer, Approver, Guide, Admin}

// ParseRole validates a role name for an invite.
func ParseRole(s string) (Role, error) {
	for _, r := range append(Roles, ReviewGroup) {
		if string(r) == s {
			return r, nil
		}
	}
	return "", govmedia.Errorf(govmedia.EINVALID, "member.role_invalid", "role", s)
}

// Member is a Telegram user bound to one org with one role.
type Member struct {
	bun.BaseModel `bun:"table:members"`

	ID             int64     `bun:"id,pk,autoincrement"`
	TelegramUserID int64     `bun:"telegram_user_id"`
	OrgCode        string    `bun:"org_code"`
	Role           Role      `bun:"role"`
	DisplayName    string    `bun:"display_name"`
	Language       string    `bun:"language"`
	InviteID       int64     `bun:"invite_id,nullzero"`
	CreatedAt      time.Time `bun:"created_at"`
	RevokedAt      time.Time `bun:"revoked_at,nullzero"`
	RevokedBy      string    `bun:"revoked_by,nullzero"`

	// ActedBy is the operator at the command line acting for the member in
	// this process (see ActedForBy); never stored.
	ActedBy string `bun:"-"`

	Org *Org `bun:"rel:belongs-to,join:org_code=code"`
}

// Actor is the member as the author of a change, naming the operator who
// acted for them, if one did.
func (m *Member) Actor() govmedia.Actor {
	return govmedia.Actor{MemberID: m.ID, TelegramID: m.TelegramUserID, Name: m.DisplayName, By: m.ActedBy}
}

// ActedForBy returns the member with op (an operator at the command line)
// acting for them: every change made as the returned member names both.
func (m *Member) ActedForBy(op govmedia.Actor) *Member {
	acting := *m
	acting.ActedBy = op.String()
	return &acting
}

// Lang is the member's language.
func (m *Member) Lang() govmedia.Language { return govmedia.ParseLanguage(m.Language) }

// TelegramUser is who redeems an invite, as Telegram describes them.
type TelegramUser struct {
	ID           int64
	DisplayName  string
	LanguageCode string
}
