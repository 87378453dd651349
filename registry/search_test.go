package registry_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"govmedia/registry"
	"govmedia/registry/registrytest"
)

// wildcardRegister has names holding LIKE's wildcards, and names without.
const wildcardRegister = `账号名称,平台,主办单位
五华100%服务,微博,五华区民政局
五华_服务,抖音,五华区民政局
五华民政,快手,五华区民政局
华%甲%服号,哔哩哔哩,五华区民政局
五华教育,微博,五华区教育体育局
`

// TestSearchTakesPercentAndUnderscoreLiterally: % and _ in a search are the
// characters themselves, never LIKE's "anything" and "any one character".
func TestSearchTakesPercentAndUnderscoreLiterally(t *testing.T) {
	t.Parallel()
	env := registrytest.New(t)
	if _, err := importString(t, env.Registry, "r.csv", wildcardRegister); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	cases := map[string][]string{
		"%":      {"五华100%服务", "华%甲%服号"},
		"_":      {"五华_服务"},
		"0%服":    {"五华100%服务"},
		"华_服":    {"五华_服务"},
		"五华%":    {},
		"%服务":    {"五华100%服务"},
		"五华_":    {"五华_服务"},
		"五_服务":   {},
		"100%服务": {"五华100%服务"},
		"华%服":    {}, // 华%甲%服号 holds both pairs, but not the text
		"%甲%":    {"华%甲%服号"},
	}
	for q, want := range cases {
		page, err := env.Registry.Search(ctx, registry.DirectoryQuery{Q: q})
		if err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		var got []string
		for _, a := range page.Accounts {
			got = append(got, a.Name)
		}
		if !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("search %q found %v, want %v", q, got, want)
		}
	}
	for _, q := range []string{"%", "_", "%%", "__"} {
		v, err := env.Registry.Verify(ctx, q)
		if err != nil {
			t.Fatalf("verify %q: %v", q, err)
		}
		if v.Official || len(v.Matches) > 0 {
			t.Errorf("verify %q: official %v with %d matches; want no match", q, v.Official, len(v.Matches))
		}
		for _, a := range v.Similar {
			if !strings.Contains(a.Name, q) {
				t.Errorf("verify %q offers %q as similar, which does not hold it", q, a.Name)
			}
		}
	}
}
