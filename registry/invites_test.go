package registry_test

import (
	"context"
	"testing"
	"time"

	"govmedia"
	"govmedia/registry"
	"govmedia/registry/registrytest"
)

func TestInviteBindsOnceAndExpires(t *testing.T) {
	t.Parallel()
	env := registrytest.New(t)
	ctx := context.Background()
	r := env.Registry
	code, _, err := r.CreateInvite(ctx, govmedia.Operator("test"), "km.wuhua.dept.edu", registry.Operator, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	m, err := r.RedeemInvite(ctx, code, registry.TelegramUser{ID: 42, DisplayName: "李四", LanguageCode: "en-US"})
	if err != nil {
		t.Fatalf("first redeem: %v", err)
	}
	if m.OrgCode != "km.wuhua.dept.edu" || m.Role != registry.Operator || m.Lang() != govmedia.English {
		t.Fatalf("bound %+v, want an English-speaking operator of km.wuhua.dept.edu", m)
	}
	if _, err := r.RedeemInvite(ctx, code, registry.TelegramUser{ID: 43}); govmedia.ErrorCode(err) != govmedia.ECONFLICT {
		t.Fatalf("second redeem: got %v, want a conflict (used)", err)
	}
	if _, err := r.RedeemInvite(ctx, "no-such-code", registry.TelegramUser{ID: 44}); govmedia.ErrorCode(err) != govmedia.ENOTFOUND {
		t.Fatalf("unknown code: got %v, want not found", err)
	}
	late, _, _ := r.CreateInvite(ctx, govmedia.Operator("test"), "km.office", registry.Approver, time.Hour)
	env.Clock.Advance(time.Hour)
	if _, err := r.RedeemInvite(ctx, late, registry.TelegramUser{ID: 45}); govmedia.ErrorCode(err) != govmedia.EINVALID {
		t.Fatalf("expired code: got %v, want invalid (expired)", err)
	}
	again, _, _ := r.CreateInvite(ctx, govmedia.Operator("test"), "km.office", registry.Approver, time.Hour)
	if _, err := r.RedeemInvite(ctx, again, registry.TelegramUser{ID: 42}); govmedia.ErrorCode(err) != govmedia.ECONFLICT {
		t.Fatalf("already bound user: got %v, want a conflict", err)
	}
}

func TestInviteCodesAreStoredHashed(t *testing.T) {
	t.Parallel()
	env := registrytest.New(t)
	ctx := context.Background()
	code, _, err := env.Registry.CreateInvite(ctx, govmedia.Operator("test"), "km.office", registry.Admin, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	err = env.DB.NewRaw("SELECT count(*) FROM invites WHERE position(convert_to(?, 'UTF8') IN code_hash) > 0", code).Scan(ctx, &n)
	if err != nil || n != 0 {
		t.Fatalf("the invite code appears in the table (%d rows, %v)", n, err)
	}
}

func TestAdminRevokesOnlyWithinItsTree(t *testing.T) {
	t.Parallel()
	env := registrytest.New(t)
	ctx := context.Background()
	admin := env.Member(t, "km.wuhua.office", registry.Admin, "区管理员")
	inside := env.Member(t, "km.wuhua.dept.edu", registry.Operator, "区教育局")
	outside := env.Member(t, "km.xishan.dept.edu", registry.Operator, "西山教育局")
	// Outside its scope a member is as good as missing: nothing is revealed.
	if _, err := env.Registry.RevokeMember(ctx, admin, outside.ID); govmedia.ErrorCode(err) != govmedia.ENOTFOUND {
		t.Fatalf("revoking outside the tree: got %v, want not found", err)
	}
	// The office's admin administers the whole district government's tree.
	if _, err := env.Registry.RevokeMember(ctx, admin, inside.ID); err != nil {
		t.Fatalf("revoking inside the district: %v", err)
	}
	deptAdmin := env.Member(t, "km.wuhua.dept.mz", registry.Admin, "民政局管理员")
	other := env.Member(t, "km.wuhua.dept.edu", registry.Operator, "区教育局2")
	if _, err := env.Registry.RevokeMember(ctx, deptAdmin, other.ID); govmedia.ErrorCode(err) != govmedia.ENOTFOUND {
		t.Fatalf("a department admin revoking in a sibling department: got %v, want not found", err)
	}
	if _, err := env.Registry.MemberByTelegram(ctx, inside.TelegramUserID); govmedia.ErrorCode(err) != govmedia.ENOTFOUND {
		t.Fatalf("revoked member still bound: %v", err)
	}
}
