package registry_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"govmedia"
	"govmedia/registry"
	"govmedia/registry/registrytest"
)

func TestSampleTreeImportsAndReimportChangesNothing(t *testing.T) {
	t.Parallel()
	env := registrytest.New(t)
	ctx := context.Background()
	orgs, err := env.Registry.Orgs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(orgs) != 81 || orgs[0].Code != "km" {
		t.Fatalf("got %d orgs starting with %q, want the 81 of the sample starting with km", len(orgs), orgs[0].Code)
	}
	rep, err := env.Registry.ImportSampleOrgs(ctx, govmedia.Operator("test"))
	if err != nil {
		t.Fatal(err)
	}
	if rep != (registry.ImportReport{Unchanged: 81}) {
		t.Fatalf("re-import did %+v, want 81 unchanged", rep)
	}
}

func TestOrgImportReportsEveryBadRowAndWritesNothing(t *testing.T) {
	t.Parallel()
	env := registrytest.New(t)
	ctx := context.Background()
	csv := "code,parent,kind,level,name\n" +
		"km.new,km,department,city,昆明市新部门\n" + // good
		"Bad Code,km,department,city,坏代码\n" + // row 3: code
		"km.orphan,km.nowhere,department,county,孤儿\n" + // row 4: parent
		"km.wuhua.huashan.x,km.wuhua.huashan,government,township,乡下乡\n" + // row 5: level
		"km.office2,km,office,city,第二个办公室\n" // row 6: second office
	rows, err := registry.ParseOrgs(strings.NewReader(csv), "orgs.csv")
	if err != nil {
		t.Fatal(err)
	}
	_, err = env.Registry.ImportOrgs(ctx, govmedia.Operator("test"), rows)
	var list govmedia.FieldErrors
	if !errors.As(err, &list) {
		t.Fatalf("import error = %v, want field errors", err)
	}
	got := map[int]string{}
	for _, f := range list {
		got[f.Row] = f.Column
	}
	want := map[int]string{3: "code", 4: "parent", 5: "level", 6: "kind"}
	for row, col := range want {
		if got[row] != col {
			t.Errorf("row %d: reported column %q, want %q (all: %s)", row, got[row], col, list.Message(govmedia.Chinese))
		}
	}
	if _, err := env.Registry.Org(ctx, "km.new"); govmedia.ErrorCode(err) != govmedia.ENOTFOUND {
		t.Fatalf("the good row was written although the import failed: %v", err)
	}
}
