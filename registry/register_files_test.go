package registry_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"govmedia"
	"govmedia/registry"
	"govmedia/registry/registrytest"
)

// The registers under testdata are made by testdata/makefixtures: written
// by excelize, re-saved by LibreOffice Calc, rewritten with what WPS
// writes, and saved as CSV in GB18030 as Excel and WPS save it (see
// testdata/README.md). Each test reads every one of them.
var savedBy = []string{"excelize", "libreoffice", "wps"}

func importFixture(t *testing.T, r *registry.Registry, path string) (registry.RegisterReport, error) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", path))
	if err != nil {
		t.Fatal(err)
	}
	return r.ImportAccounts(context.Background(), govmedia.Operator("test"), bytes.NewReader(data), filepath.Base(path))
}

// cityAccounts is what the district's register holds, as the registry's
// csv export writes it back (name, platform, kind, original id, AppID,
// platform id, unit code, unit, operating unit, third party, person,
// phone, domains, state, reason): the first ten from its first sheet, two
// from its 微博 sheet.
var cityAccounts = []string{
	"五华教育|微信公众号|订阅号|gh_0123456789ab|wx0123456789abcdef||km.wuhua.dept.edu|五华区教育体育局|五华区教育信息中心|否|王五|13987654321|义务教育、公共文化服务|运营中|",
	"五华教育|微博|||||km.wuhua.dept.edu|五华区教育体育局|五华区教育信息中心|否|王五|13987654321|义务教育|运营中|",
	"五华教育|抖音|||||km.wuhua.dept.edu|五华区教育体育局|云南某某文化传媒有限公司|是|李四|0871-64445566|义务教育、公共文化服务|运营中|",
	"五华民政|微信公众号|服务号|gh_aaaaaaaaaaaa|||km.wuhua.dept.mz|五华区民政局||否|赵六|0871-64445566|养老服务、社会救助|运营中|",
	"五华民政|微信视频号|||||km.wuhua.dept.mz|五华区民政局||否|赵六|13912345678|社会救助|运营中|",
	"华山街道|今日头条|||||km.wuhua.huashan|五华区华山街道办事处||否|孙七|13812345678|养老服务、社会救助|运营中|",
	"五华发布|微信公众号|订阅号|gh_bbbbbbbbbbbb|wx0123456789abcdee||km.wuhua.office|五华区人民政府办公室||否|周八|0871-63190000||运营中|",
	"五华发布|哔哩哔哩|||||km.wuhua.office|五华区人民政府办公室||否|周八|0871-63190000||运营中|",
	"五华发布|快手|||||km.wuhua.office|五华区人民政府办公室||否|周八|||运营中|",
	"五华发布|小红书|||||km.wuhua.office|五华区人民政府办公室||否||||运营中|",
	"五华发布|微博|||||km.wuhua.office|五华区人民政府办公室||否|周八|0871-63190000||运营中|",
	"护国街道|微博|||||km.wuhua.huguo|五华区护国街道办事处||否|钱九|13700001111|社会救助|运营中|",
}

// exported is the register as the csv export writes it, a line per account.
func exported(t *testing.T, r *registry.Registry) []string {
	t.Helper()
	var buf bytes.Buffer
	if _, err := r.ExportAccounts(context.Background(), &buf, "csv"); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte("\xef\xbb\xbf")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, row := range rows[1:] {
		out = append(out, strings.Join(row, "|"))
	}
	return out
}

func assertLines(t *testing.T, got, want []string) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the registry holds\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestImportsACityRegisterAsItsOfficeKeepsIt: the district's workbook, as
// excelize, LibreOffice and WPS write it, imports whole: a title and a
// 填报单位 line over a header of two rows in the district's own words,
// platform and kind in one cell, units by part of their names (within the
// 填报单位's district), by code and merged down over their accounts,
// domains by part of their names in lists of any separator, full-width
// forms and stray spaces, a blank numbered row, 合计 and 备注 lines, a sheet
// named by its platform and an instructions sheet. The columns it does
// not keep are named; importing it again, or an export of it, changes
// nothing.
func TestImportsACityRegisterAsItsOfficeKeepsIt(t *testing.T) {
	for _, by := range savedBy {
		t.Run(by, func(t *testing.T) {
			t.Parallel()
			env := registrytest.New(t)
			rep, err := importFixture(t, env.Registry, by+"/city-register.xlsx")
			if err != nil {
				t.Fatalf("import: %v", err)
			}
			ignored := []string{"粉丝数（万）"}
			if by == "wps" {
				ignored = append(ignored, "二维码")
			}
			if rep.ImportReport != (registry.ImportReport{Created: 12}) || !reflect.DeepEqual(rep.Ignored, ignored) {
				t.Fatalf("import did %+v, ignoring %q; want 12 created, ignoring %q", rep.ImportReport, rep.Ignored, ignored)
			}
			assertLines(t, exported(t, env.Registry), cityAccounts)
			if rep, err := importFixture(t, env.Registry, by+"/city-register.xlsx"); err != nil || rep.ImportReport != (registry.ImportReport{Unchanged: 12}) {
				t.Fatalf("importing it again did %+v (%v), want 12 unchanged", rep.ImportReport, err)
			}
			for _, format := range []string{"csv", "xlsx"} {
				var buf bytes.Buffer
				if _, err := env.Registry.ExportAccounts(context.Background(), &buf, format); err != nil {
					t.Fatal(err)
				}
				rep, err := importString(t, env.Registry, "export."+format, buf.String())
				if err != nil || rep.ImportReport != (registry.ImportReport{Unchanged: 12}) || len(rep.Ignored) != 0 {
					t.Fatalf("importing the %s export did %+v, ignoring %q (%v); want 12 unchanged", format, rep.ImportReport, rep.Ignored, err)
				}
			}
		})
	}
}

// TestImportsTheCityRegisterSavedAsCSVInGB18030: the first sheet saved as
// CSV keeps each merged unit in its first row only; the rows under it
// belong to the same unit.
func TestImportsTheCityRegisterSavedAsCSVInGB18030(t *testing.T) {
	t.Parallel()
	env := registrytest.New(t)
	rep, err := importFixture(t, env.Registry, "csv/city-register.gb18030.csv")
	if err != nil || rep.ImportReport != (registry.ImportReport{Created: 10}) {
		t.Fatalf("import did %+v (%v), want 10 created", rep.ImportReport, err)
	}
	assertLines(t, exported(t, env.Registry), cityAccounts[:10])
}

// problem is one reported problem: sheet, row, column and message key.
type problem struct {
	sheet  string
	row    int
	column string
	key    string
}

// badRowProblems are the problems of the 账号 sheet of bad-rows.xlsx.
var badRowProblems = []problem{
	{"账号", 4, "平台", "account.platform_invalid"},
	{"账号", 5, "公众号类型", "register.platform_conflict"},
	{"账号", 6, "公众号类型", "register.wechat_kind_invalid"},
	{"账号", 7, "联系电话", "account.phone_invalid"},
	{"账号", 8, "联系电话", "register.phone_scientific"},
	{"账号", 9, "主办单位", "account.host_unknown"},
	{"账号", 10, "主办单位", "register.host_ambiguous"},
	{"账号", 11, "原始ID", "account.original_id_invalid"},
	{"账号", 12, "覆盖领域", "account.domain_unknown"},
	{"账号", 13, "覆盖领域", "register.domain_ambiguous"},
	{"账号", 14, "是否第三方运营", "sheet.yes_no_invalid"},
	{"账号", 15, "状态", "account.state_invalid"},
	{"账号", 16, "账号名称", "account.duplicate_in_file"},
	{"账号", 17, "账号名称", "account.name_length"},
	{"账号", 18, "原始ID", "account.active_needs_original_id"},
	{"账号", 19, "AppID", "account.wechat_ids_only"},
	{"账号", 20, "平台", "register.platform_several"},
}

// TestABadRegisterIsRefusedWithEveryProblemAndNothingWritten: every
// problem of every row is reported with its sheet, row, column and reason,
// in Chinese and English; a sheet without a platform column says which of
// its headers were not understood; nothing is written.
func TestABadRegisterIsRefusedWithEveryProblemAndNothingWritten(t *testing.T) {
	files := map[string][]problem{"csv/bad-rows.gb18030.csv": nil}
	for _, by := range savedBy {
		files[by+"/bad-rows.xlsx"] = append(badRowProblems,
			problem{"补充", 1, "平台", "register.column_missing_unknown"}, problem{"抖音", 2, "主办单位", "register.host_missing"})
	}
	for _, p := range badRowProblems {
		p.sheet = ""
		files["csv/bad-rows.gb18030.csv"] = append(files["csv/bad-rows.gb18030.csv"], p)
	}
	for file, want := range files {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			env := registrytest.New(t)
			_, err := importFixture(t, env.Registry, file)
			got := problemsOf(t, err)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("problems reported:\n%v\nwant\n%v\n%s", got, want, govmedia.ErrorMessage(govmedia.Chinese, err))
			}
			assertNoAccounts(t, env)
			zh, en := govmedia.ErrorMessage(govmedia.Chinese, err), govmedia.ErrorMessage(govmedia.English, err)
			for _, line := range []string{"第 10 行，“主办单位”列：“教育体育局”可对应 3 个单位（昆明市教育体育局、五华区教育体育局、西山区教育体育局），请填写单位全称或代码",
				"第 8 行，“联系电话”列：电话“8.61399E+12”被表格存成了科学计数法"} {
				if !strings.Contains(zh, line) {
					t.Errorf("the Chinese message lacks %q:\n%s", line, zh)
				}
			}
			if !strings.Contains(en, `10, column "主办单位": "教育体育局" could be any of 3 units`) {
				t.Errorf("the English message does not name row and column:\n%s", en)
			}
			if strings.HasSuffix(file, ".xlsx") && !strings.Contains(zh, "工作表“补充”第 1 行，“平台”列：表头中没有这一列（未能识别的表头：粉丝量、开通时间）") {
				t.Errorf("the missing column does not name the headers not understood:\n%s", zh)
			}
		})
	}
}

func problemsOf(t *testing.T, err error) []problem {
	t.Helper()
	var list govmedia.FieldErrors
	if !errors.As(err, &list) {
		t.Fatalf("import error = %v, want every bad row listed", err)
	}
	var out []problem
	for _, f := range list {
		out = append(out, problem{f.Sheet, f.Row, f.Column, f.Err.Key})
	}
	return out
}

func assertNoAccounts(t *testing.T, env *registrytest.Env) {
	t.Helper()
	var n int
	if err := env.DB.NewRaw("SELECT count(*) FROM accounts").Scan(context.Background(), &n); err != nil || n != 0 {
		t.Fatalf("%d accounts written by a refused import (%v), want none", n, err)
	}
}
