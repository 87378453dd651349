package registry_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"govmedia"
	"govmedia/registry"
	"govmedia/registry/registrytest"
)

const registerCSV = `昆明市政务新媒体账号登记表
序号,账号名称,平台,公众号类型,原始ID,AppID,主办单位,运营单位,是否第三方运营,负责人,联系电话,覆盖领域,状态,多账号理由
1,五华教育,微信公众号,订阅号,gh_0123456789ab,wx0123456789abcdef,五华区教育体育局,五华区教育信息中心,否,王五,139 8765 4321,义务教育、公共文化服务,运营中,
2,五华民政,微博,,,,km.wuhua.dept.mz,,是,赵六,0871-64445566,社会救助,运营中,
3,昆明发布,微信公众号,服务号,gh_aaaaaaaaaaaa,,昆明市人民政府办公室,,否,,,,运营中,
`

func importString(t *testing.T, r *registry.Registry, name, content string) (registry.RegisterReport, error) {
	t.Helper()
	return r.ImportAccounts(context.Background(), govmedia.Operator("test"), strings.NewReader(content), name)
}

func TestRegisterImportIsIdempotent(t *testing.T) {
	t.Parallel()
	env := registrytest.New(t)
	rep, err := importString(t, env.Registry, "register.csv", registerCSV)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if rep.ImportReport != (registry.ImportReport{Created: 3}) {
		t.Fatalf("first import did %+v, want 3 created", rep)
	}
	rep, err = importString(t, env.Registry, "register.csv", registerCSV)
	if err != nil || rep.ImportReport != (registry.ImportReport{Unchanged: 3}) {
		t.Fatalf("second import did %+v (%v), want 3 unchanged", rep, err)
	}
	page, err := env.Registry.Search(context.Background(), registry.DirectoryQuery{Q: "五华"})
	if err != nil || len(page.Accounts) != 2 {
		t.Fatalf("directory finds %d accounts for 五华, want 2", len(page.Accounts))
	}
}

func TestRegisterImportReportsEveryBadRowAndWritesNothing(t *testing.T) {
	t.Parallel()
	env := registrytest.New(t)
	bad := `序号,账号名称,平台,原始ID,主办单位,联系电话,覆盖领域,是否第三方运营
1,好账号,抖音,,五华区民政局,,,否
2,坏平台,脸书,,五华区民政局,,,否
3,坏电话,微博,,五华区民政局,12345,,否
4,坏单位,微博,,不存在的局,,,否
5,坏原始ID,微信公众号,gh_xyz,五华区民政局,,,否
6,坏领域,快手,,五华区民政局,,火星探索,否
7,好账号,抖音,,五华区民政局,,,否
`
	_, err := importString(t, env.Registry, "bad.csv", bad)
	var list govmedia.FieldErrors
	if !errors.As(err, &list) {
		t.Fatalf("import error = %v, want a list of bad rows", err)
	}
	want := map[int]string{3: "平台", 4: "联系电话", 5: "主办单位", 6: "原始ID", 7: "覆盖领域", 8: "账号名称"}
	got := map[int]string{}
	for _, f := range list {
		got[f.Row] = f.Column
	}
	for row, col := range want {
		if got[row] != col {
			t.Errorf("row %d: column %q reported, want %q", row, got[row], col)
		}
	}
	if len(list) != len(want) {
		t.Errorf("reported %d problems, want %d:\n%s", len(list), len(want), list.Message(govmedia.Chinese))
	}
	msg := list.Message(govmedia.Chinese)
	if !strings.Contains(msg, "第 3 行，“平台”列") || !strings.Contains(list.Message(govmedia.English), "Row 3, column \"平台\"") {
		t.Errorf("message does not name row and column in both languages:\n%s", msg)
	}
	var n int
	_ = env.DB.NewRaw("SELECT count(*) FROM accounts").Scan(context.Background(), &n)
	if n != 0 {
		t.Fatalf("%d accounts written by a failed import, want none", n)
	}
}

func TestRegisterImportReadsGB18030CSVAndXLSXWithTitleRows(t *testing.T) {
	env := registrytest.New(t)
	gbk, err := simplifiedchinese.GB18030.NewEncoder().String(registerCSV)
	if err != nil {
		t.Fatal(err)
	}
	if rep, err := importString(t, env.Registry, "excel-export.csv", gbk); err != nil || rep.Created != 3 {
		t.Fatalf("GB18030 CSV: %+v, %v", rep, err)
	}
	if rep, err := importString(t, env.Registry, "register.xlsx", xlsxOf(t, registerCSV)); err != nil || rep.Unchanged != 3 {
		t.Fatalf("XLSX of the same register: %+v, %v; want 3 unchanged", rep, err)
	}
}

func TestExportImportsBackUnchanged(t *testing.T) {
	t.Parallel()
	env := registrytest.New(t)
	if _, err := importString(t, env.Registry, "register.csv", registerCSV); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"csv", "xlsx"} {
		var buf bytes.Buffer
		if _, err := env.Registry.ExportAccounts(context.Background(), &buf, format); err != nil {
			t.Fatalf("export %s: %v", format, err)
		}
		if format == "csv" && !strings.Contains(buf.String(), "13987654321") {
			t.Errorf("the operator's export lacks the phone number")
		}
		rep, err := importString(t, env.Registry, "export."+format, buf.String())
		if err != nil || rep.ImportReport != (registry.ImportReport{Unchanged: 3}) {
			t.Fatalf("re-importing the %s export did %+v (%v), want 3 unchanged", format, rep, err)
		}
	}
}

func TestPhoneIsSealedAtRest(t *testing.T) {
	t.Parallel()
	env := registrytest.New(t)
	if _, err := importString(t, env.Registry, "register.csv", registerCSV); err != nil {
		t.Fatal(err)
	}
	var n int
	err := env.DB.NewRaw(`SELECT count(*) FROM (SELECT row_to_json(a)::text AS j FROM accounts a
		UNION ALL SELECT row_to_json(h)::text FROM account_history h UNION ALL SELECT detail::text FROM audit_log) x
		WHERE j LIKE '%98765432%' OR j LIKE '%64445566%'`).Scan(context.Background(), &n)
	if err != nil || n != 0 {
		var rows []string
		_ = env.DB.NewRaw(`SELECT j FROM (SELECT row_to_json(a)::text AS j FROM accounts a
		UNION ALL SELECT row_to_json(h)::text FROM account_history h UNION ALL SELECT detail::text FROM audit_log) x
		WHERE j LIKE '%98765432%' OR j LIKE '%64445566%'`).Scan(context.Background(), &rows)
		t.Fatalf("a phone number appears in clear in %d rows (%v): %s", n, err, rows)
	}
}

// xlsxOf turns a CSV text into a workbook the way a city's own would look:
// a merged title row above the header.
func xlsxOf(t *testing.T, csvText string) string {
	t.Helper()
	f := excelize.NewFile()
	lines := strings.Split(strings.TrimSpace(csvText), "\n")
	for i, line := range lines {
		for j, v := range strings.Split(line, ",") {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			_ = f.SetCellValue("Sheet1", cell, v)
		}
	}
	_ = f.MergeCell("Sheet1", "A1", "N1")
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}
