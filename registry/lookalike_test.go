package registry_test

import (
	"context"
	"testing"

	"govmedia/registry"
	"govmedia/registry/registrytest"
)

// lookalikeRegister has official accounts with names an impostor would
// borrow, and one whose name holds an added word of its own.
const lookalikeRegister = `账号名称,平台,原始ID,主办单位
五华发布,微信公众号,gh_5a1b2c3d4e5f,五华区人民政府办公室
五华民政,微博,,五华区民政局
五华教育官微,微博,,五华区教育体育局
`

// TestVerifyNamesTheAccountAnImpostorImitates: a name that is not an
// official account's but folds to one (traditional characters, spaces or
// punctuation, added words) is not official and names the account it
// imitates, with its unit; an exact name is official; a part of a name or
// another name imitates nothing.
func TestVerifyNamesTheAccountAnImpostorImitates(t *testing.T) {
	t.Parallel()
	env := registrytest.New(t)
	if _, err := importString(t, env.Registry, "r.csv", lookalikeRegister); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	cases := []struct {
		q        string
		official bool
		imitates string // the official account's name, "" for none
		unit     string
	}{
		{"五华发布", true, "", ""},
		{"五華發布", false, "五华发布", "五华区人民政府办公室"},
		{"五华 发布", false, "五华发布", "五华区人民政府办公室"},
		{"五华·发布", false, "五华发布", "五华区人民政府办公室"},
		{"五华发布官方", false, "五华发布", "五华区人民政府办公室"},
		{"五华发布平台", false, "五华发布", "五华区人民政府办公室"},
		{"官方五华发布服务号", false, "五华发布", "五华区人民政府办公室"},
		{"五華發布公眾號", false, "五华发布", "五华区人民政府办公室"},
		{"五华民政官微", false, "五华民政", "五华区民政局"},
		{"五华教育", false, "五华教育官微", "五华区教育体育局"},
		{"五华教育官微", true, "", ""},
		{"五华", false, "", ""},
		{"五华区发布", false, "", ""},
		{"盘龙发布", false, "", ""},
	}
	for _, c := range cases {
		v, err := env.Registry.Verify(ctx, c.q)
		if err != nil {
			t.Fatalf("verify %q: %v", c.q, err)
		}
		if v.Official != c.official {
			t.Errorf("verify %q: official %v, want %v", c.q, v.Official, c.official)
		}
		if c.imitates == "" {
			if len(v.Imitates) > 0 {
				t.Errorf("verify %q: imitates %q, want nothing", c.q, v.Imitates[0].Name)
			}
			continue
		}
		if len(v.Imitates) != 1 || v.Imitates[0].Name != c.imitates || v.Imitates[0].HostOrgName != c.unit {
			t.Errorf("verify %q: imitates %+v, want %s of %s", c.q, v.Imitates, c.imitates, c.unit)
			continue
		}
		if len(v.Similar) > 0 {
			t.Errorf("verify %q lists %d similar accounts beside the one it imitates; want the verdict alone", c.q, len(v.Similar))
		}
	}
}

// TestAClosedAccountIsNotImitated: an impostor of a closed account's name
// imitates no official account (the exact name says it was official and
// is closed, see web's verify tests).
func TestAClosedAccountIsNotImitated(t *testing.T) {
	t.Parallel()
	env := registrytest.New(t)
	if _, err := importString(t, env.Registry, "r.csv", lookalikeRegister); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := env.DB.ExecContext(ctx, "UPDATE accounts SET state = ? WHERE name = ?", registry.Closed, "五华发布"); err != nil {
		t.Fatal(err)
	}
	v, err := env.Registry.Verify(ctx, "五華發布")
	if err != nil || v.Official || len(v.Imitates) > 0 {
		t.Errorf("verify 五華發布 once 五华发布 is closed: %+v, %v; want not official, imitating nothing", v, err)
	}
}
