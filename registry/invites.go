package registry

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/audit"
)

// DefaultInviteTTL is how long an invite stays usable unless told otherwise.
const DefaultInviteTTL = 7 * 24 * time.Hour

// Invite binds whoever redeems it first to an org with a role. Only the
// hash of its code is stored.
type Invite struct {
	bun.BaseModel `bun:"table:invites"`

	ID        int64     `bun:"id,pk,autoincrement"`
	CodeHash  []byte    `bun:"code_hash"`
	OrgCode   string    `bun:"org_code"`
	Role      Role      `bun:"role"`
	CreatedBy string    `bun:"created_by"`
	CreatedAt time.Time `bun:"created_at"`
	ExpiresAt time.Time `bun:"expires_at"`
	UsedAt    time.Time `bun:"used_at,nullzero"`
	UsedBy    int64     `bun:"used_by,nullzero"`
}

// CreateInvite stores a single-use invite and returns its code, which is
// never stored and cannot be shown again. Codes are 24 characters of the
// URL alphabet, fit for a t.me/<bot>?start=<code> link.
func (r *Registry) CreateInvite(ctx context.Context, actor govmedia.Actor, org string, role Role, ttl time.Duration) (string, *Invite, error) {
	if _, err := ParseRole(string(role)); err != nil {
		return "", nil, err
	}
	if ttl <= 0 || ttl > 90*24*time.Hour {
		return "", nil, govmedia.Errorf(govmedia.EINVALID, "invite.ttl_invalid")
	}
	code := newInviteCode()
	now := r.now()
	inv := &Invite{CodeHash: hashCode(code), OrgCode: org, Role: role, CreatedBy: actor.String(),
		CreatedAt: now, ExpiresAt: now.Add(ttl)}
	err := r.inTx(ctx, func(tx bun.Tx) error {
		o, err := getOrg(ctx, tx, org)
		if err != nil {
			return err
		}
		if role == ReviewGroup && o.Kind != Office {
			return govmedia.Errorf(govmedia.EINVALID, "invite.group_needs_office", "org", o.Name)
		}
		if _, err := tx.NewInsert().Model(inv).Exec(ctx); err != nil {
			return err
		}
		return audit.Append(ctx, tx, now, actor, "invite", fmt.Sprint(inv.ID), "invite.create",
			map[string]any{"org": org, "role": role, "expires_at": inv.ExpiresAt})
	})
	if err != nil {
		return "", nil, err
	}
	return code, inv, nil
}

// RedeemInvite binds a Telegram user with the invite's org and role. A used,
// expired or unknown code is refused, and so is a user already bound.
func (r *Registry) RedeemInvite(ctx context.Context, code string, user TelegramUser) (*Member, error) {
	var m *Member
	err := r.inTx(ctx, func(tx bun.Tx) error {
		inv, err := r.usableInvite(ctx, tx, code)
		if err != nil {
			return err
		}
		if inv.Role == ReviewGroup {
			return govmedia.Errorf(govmedia.EINVALID, "invite.for_a_group")
		}
		m, err = r.bindMember(ctx, tx, inv, user)
		return err
	})
	return m, err
}

// usableInvite finds and locks the invite, refusing it if used or expired.
func (r *Registry) usableInvite(ctx context.Context, tx bun.Tx, code string) (*Invite, error) {
	inv := new(Invite)
	err := tx.NewSelect().Model(inv).Where("code_hash = ?", hashCode(code)).For("UPDATE").Scan(ctx)
	switch {
	case isNoRows(err):
		return nil, govmedia.Errorf(govmedia.ENOTFOUND, "invite.unknown")
	case err != nil:
		return nil, err
	case !inv.UsedAt.IsZero():
		return nil, govmedia.Errorf(govmedia.ECONFLICT, "invite.used")
	case !r.now().Before(inv.ExpiresAt):
		return nil, govmedia.Errorf(govmedia.EINVALID, "invite.expired", "at", govmedia.FormatTime(inv.ExpiresAt))
	}
	return inv, nil
}

func (r *Registry) bindMember(ctx context.Context, tx bun.Tx, inv *Invite, user TelegramUser) (*Member, error) {
	if cur, err := memberByTelegram(ctx, tx, user.ID); err == nil {
		return nil, govmedia.Errorf(govmedia.ECONFLICT, "member.already_bound", "org", cur.Org.Name, "role", govmedia.Text("role."+string(cur.Role)))
	} else if govmedia.ErrorCode(err) != govmedia.ENOTFOUND {
		return nil, err
	}
	now := r.now()
	m := &Member{TelegramUserID: user.ID, OrgCode: inv.OrgCode, Role: inv.Role, DisplayName: user.DisplayName,
		Language: string(govmedia.ParseLanguage(user.LanguageCode)), InviteID: inv.ID, CreatedAt: now}
	if _, err := tx.NewInsert().Model(m).Exec(ctx); err != nil {
		return nil, err
	}
	inv.UsedAt, inv.UsedBy = now, m.ID
	if _, err := tx.NewUpdate().Model(inv).Column("used_at", "used_by").WherePK().Exec(ctx); err != nil {
		return nil, err
	}
	if err := audit.Append(ctx, tx, now, m.Actor(), "member", fmt.Sprint(m.ID), "member.bind",
		map[string]any{"org": m.OrgCode, "role": m.Role, "invite": inv.ID}); err != nil {
		return nil, err
	}
	return memberByTelegram(ctx, tx, user.ID)
}

func newInviteCode() string {
	b := make([]byte, 18)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashCode(code string) []byte {
	sum := sha256.Sum256([]byte("govmedia invite\x00" + code))
	return sum[:]
}

// RedeemGroupInvite uses a review-group invite and returns the office whose
// review chat the group becomes; bind is called in the same transaction to
// record the binding.
func (r *Registry) RedeemGroupInvite(ctx context.Context, code string, by *Member, bind func(tx bun.Tx, office *Org) error) (*Org, error) {
	var office *Org
	err := r.inTx(ctx, func(tx bun.Tx) error {
		inv, err := r.usableInvite(ctx, tx, code)
		if err != nil {
			return err
		}
		if inv.Role != ReviewGroup {
			return govmedia.Errorf(govmedia.EINVALID, "invite.not_for_a_group")
		}
		if office, err = getOrg(ctx, tx, inv.OrgCode); err != nil {
			return err
		}
		if by.OrgCode != office.Code && CheckAdminOver(ctx, tx, by, office.Code) != nil {
			return govmedia.Errorf(govmedia.EFORBIDDEN, "invite.group_by_office_member", "org", office.Name)
		}
		inv.UsedAt = r.now()
		if _, err := tx.NewUpdate().Model(inv).Column("used_at").WherePK().Exec(ctx); err != nil {
			return err
		}
		if err := bind(tx, office); err != nil {
			return err
		}
		return audit.Append(ctx, tx, r.now(), by.Actor(), "org", office.Code, "review_chat.bind", map[string]any{"invite": inv.ID})
	})
	return office, err
}
