package registry

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/audit"
)

// MemberByTelegram returns the active member bound to a Telegram user.
func (r *Registry) MemberByTelegram(ctx context.Context, telegramID int64) (*Member, error) {
	return memberByTelegram(ctx, r.db, telegramID)
}

func memberByTelegram(ctx context.Context, db bun.IDB, telegramID int64) (*Member, error) {
	m := new(Member)
	err := db.NewSelect().Model(m).Relation("Org").
		Where("member.telegram_user_id = ? AND member.revoked_at IS NULL", telegramID).Scan(ctx)
	if isNoRows(err) {
		return nil, govmedia.Errorf(govmedia.ENOTFOUND, "member.not_bound")
	}
	return m, err
}

// Member returns a member by id, revoked or not.
func (r *Registry) Member(ctx context.Context, id int64) (*Member, error) {
	return MemberByID(ctx, r.db, id)
}

// MemberByID returns a member by id, revoked or not.
func MemberByID(ctx context.Context, db bun.IDB, id int64) (*Member, error) {
	m := new(Member)
	err := db.NewSelect().Model(m).Relation("Org").Where("member.id = ?", id).Scan(ctx)
	if isNoRows(err) {
		return nil, govmedia.Errorf(govmedia.ENOTFOUND, "member.not_found", "id", id)
	}
	return m, err
}

// Members lists the active members of an org and the orgs below it.
func (r *Registry) Members(ctx context.Context, org string) ([]*Member, error) {
	codes, err := Subtree(ctx, r.db, org)
	if err != nil {
		return nil, err
	}
	var list []*Member
	err = r.db.NewSelect().Model(&list).Relation("Org").
		Where("member.org_code IN (?) AND member.revoked_at IS NULL", bun.List(codes)).
		OrderExpr("member.org_code, member.role, member.id").Scan(ctx)
	return list, err
}

// MembersWithRole lists the active members of one org with one of the roles.
func MembersWithRole(ctx context.Context, db bun.IDB, org string, roles ...Role) ([]*Member, error) {
	var list []*Member
	err := db.NewSelect().Model(&list).
		Where("org_code = ? AND role IN (?) AND revoked_at IS NULL", org, bun.List(roles)).
		OrderExpr("id").Scan(ctx)
	return list, err
}

// SetLanguage records the language a member chose.
func (r *Registry) SetLanguage(ctx context.Context, memberID int64, lang govmedia.Language) error {
	_, err := r.db.NewUpdate().Model((*Member)(nil)).Set("language = ?", string(lang)).Where("id = ?", memberID).Exec(ctx)
	return err
}

// RevokeMember ends a membership. An admin may revoke members of its own
// org and the orgs below it, but not itself.
func (r *Registry) RevokeMember(ctx context.Context, by *Member, memberID int64) error {
	return r.inTx(ctx, func(tx bun.Tx) error {
		m, err := MemberByID(ctx, tx, memberID)
		if err != nil {
			return err
		}
		if err := r.checkAdminOver(ctx, tx, by, m.OrgCode); err != nil {
			return err
		}
		if m.ID == by.ID {
			return govmedia.Errorf(govmedia.EFORBIDDEN, "member.revoke_self")
		}
		if !m.RevokedAt.IsZero() {
			return govmedia.Errorf(govmedia.ECONFLICT, "member.already_revoked")
		}
		now := r.now()
		_, err = tx.NewUpdate().Model(m).Set("revoked_at = ?, revoked_by = ?", now, by.Actor().String()).WherePK().Exec(ctx)
		if err != nil {
			return err
		}
		return audit.Append(ctx, tx, now, by.Actor(), "member", fmt.Sprint(m.ID), "member.revoke", map[string]any{"org": m.OrgCode, "role": m.Role})
	})
}

// CheckAdminOver refuses unless member is an admin of org or of an org
// above it. An admin of a government's office administers the whole of
// that government's tree, as the office runs it.
func (r *Registry) CheckAdminOver(ctx context.Context, member *Member, org string) error {
	return r.checkAdminOver(ctx, r.db, member, org)
}

// CheckAdminOverIn is CheckAdminOver read through db (a caller's
// transaction).
func (r *Registry) CheckAdminOverIn(ctx context.Context, db bun.IDB, member *Member, org string) error {
	return r.checkAdminOver(ctx, db, member, org)
}

func (r *Registry) checkAdminOver(ctx context.Context, db bun.IDB, member *Member, org string) error {
	if member.Role != Admin {
		return govmedia.Errorf(govmedia.EFORBIDDEN, "member.admin_only")
	}
	chain, err := Ancestors(ctx, db, org)
	if err != nil {
		return err
	}
	scope := member.OrgCode
	if member.Org != nil && member.Org.Kind == Office {
		scope = member.Org.ParentCode
	}
	for _, o := range chain {
		if o.Code == scope {
			return nil
		}
	}
	return govmedia.Errorf(govmedia.EFORBIDDEN, "member.outside_admin_scope", "org", org)
}
