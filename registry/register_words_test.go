package registry_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"govmedia"
	"govmedia/registry"
	"govmedia/registry/registrytest"
)

// TestImportReadsPlatformAndKindAsRegistersWriteThem: one column may hold
// the platform and the kind of official account together, the kind alone,
// or a platform by any of its common names, in full-width forms too.
func TestImportReadsPlatformAndKindAsRegistersWriteThem(t *testing.T) {
	t.Parallel()
	cases := []struct{ cell, platform, kind string }{
		{"微信公众号（订阅号）", "微信公众号", "订阅号"}, {"微信公众号(服务号)", "微信公众号", "服务号"},
		{"公众号-服务号", "微信公众号", "服务号"}, {"订阅号", "微信公众号", "订阅号"}, {"服务号", "微信公众号", "服务号"},
		{"微信服务号", "微信公众号", "服务号"}, {"公众号 / 订阅号", "微信公众号", "订阅号"}, {"微信公众号", "微信公众号", "订阅号"},
		{"微信公众号（已认证）", "微信公众号", "订阅号"}, {"新浪微博", "微博", ""}, {"微博", "微博", ""}, {"抖音", "抖音", ""},
		{"抖音号", "抖音", ""}, {"快手", "快手", ""}, {"今日头条", "今日头条", ""}, {"头条号", "今日头条", ""},
		{"哔哩哔哩", "哔哩哔哩", ""}, {"B站", "哔哩哔哩", ""}, {"ｂ站", "哔哩哔哩", ""}, {"视频号", "微信视频号", ""},
		{"微信视频号", "微信视频号", ""}, {"小红书", "小红书", ""}, {" 小 红 书 ", "小红书", ""},
	}
	var b strings.Builder
	b.WriteString("账号名称,平台,主办单位\n")
	for i, c := range cases {
		b.WriteString("五华测试" + string(rune('甲'+i)) + ",\"" + c.cell + "\",km.wuhua.office\n")
	}
	env := registrytest.New(t)
	// Accounts of one unit on one platform need a reason, and active official
	// accounts their original id: approved accounts with a reason test the
	// platform words alone.
	text := strings.Replace(b.String(), "主办单位\n", "主办单位,多账号理由,状态\n", 1)
	text = strings.ReplaceAll(text, ",km.wuhua.office\n", ",km.wuhua.office,按栏目分设,已批准\n")
	if _, err := importString(t, env.Registry, "platforms.csv", text); err != nil {
		t.Fatalf("import: %v", err)
	}
	lines := exported(t, env.Registry)
	for i, c := range cases {
		f := strings.Split(lines[i], "|")
		if f[1] != c.platform || f[2] != c.kind {
			t.Errorf("%q: read as %s %s, want %s %s", c.cell, f[1], f[2], c.platform, c.kind)
		}
	}
}

// TestImportFindsUnitsByNameAndRefusesAmbiguousOrUnknownOnes: a unit is
// named by code, by name (with the city's name before it, with stray
// spaces) or by the one name that holds what the cell says; where several
// could be meant the 填报单位's government decides, else the row is refused
// naming the candidates. (The header repeated on a later page is passed
// over.)
func TestImportFindsUnitsByNameAndRefusesAmbiguousOrUnknownOnes(t *testing.T) {
	t.Parallel()
	env := registrytest.New(t)
	good := "昆明市五华区政务新媒体账号登记表\n填报单位：五华区人民政府办公室,,填报日期：2026年11月20日\n" +
		"账号名称,平台,主办单位\n" +
		"五华教育,抖音,区教育体育局\n" + // 五华区's, as the 填报单位 is 五华区's
		"五华民政,抖音,昆明市五华区民政局\n" +
		"华山街道,抖音,华山街道\n" +
		"五华发布,抖音,五华区人民政府 办公室\n" +
		"西山教育,抖音,西山区教育体育局\n" + // outside the 填报单位's district, by its full name
		"昆明发布,抖音,KM.OFFICE\n"
	good += "账号名称,平台,主办单位\n" + // the header again, as a register printed on several pages repeats it
		"五华教育号,哔哩哔哩,五华区教育体育局\n"
	if _, err := importString(t, env.Registry, "units.csv", good); err != nil {
		t.Fatalf("import: %v", err)
	}
	var hosts []string
	_ = env.DB.NewRaw("SELECT host_org FROM accounts ORDER BY id").Scan(context.Background(), &hosts)
	want := []string{"km.wuhua.dept.edu", "km.wuhua.dept.mz", "km.wuhua.huashan", "km.wuhua.office", "km.xishan.dept.edu", "km.office", "km.wuhua.dept.edu"}
	if !reflect.DeepEqual(hosts, want) {
		t.Errorf("units %q, want %q", hosts, want)
	}

	bad := "账号名称,平台,主办单位\n甲号,微博,区教育体育局\n乙号,微博,教育体育局\n丙号,微博,五华区财政局\n"
	_, err := importString(t, env.Registry, "units.csv", bad)
	var list govmedia.FieldErrors
	if !errors.As(err, &list) || len(list) != 3 {
		t.Fatalf("import error = %v, want three rows refused", err)
	}
	zh := list.Message(govmedia.Chinese)
	for _, line := range []string{
		"第 2 行，“主办单位”列：“区教育体育局”可对应 2 个单位（五华区教育体育局、西山区教育体育局），请填写单位全称或代码",
		"第 3 行，“主办单位”列：“教育体育局”可对应 3 个单位（昆明市教育体育局、五华区教育体育局、西山区教育体育局）",
		"第 4 行，“主办单位”列：找不到主办单位“五华区财政局”",
	} {
		if !strings.Contains(zh, line) {
			t.Errorf("the message lacks %q:\n%s", line, zh)
		}
	}
	if en := list.Message(govmedia.English); !strings.Contains(en, `"区教育体育局" could be any of 2 units (五华区教育体育局、西山区教育体育局)`) {
		t.Errorf("the English message does not name the candidates:\n%s", en)
	}
}

// TestImportUnderstandsHeadersByMeaningAndNamesThoseItDoesNot: the usual
// wordings of each column are read, a header that only holds a column's
// words is understood by them, and the headers understood by none are
// named — in the report when the import goes ahead, in the refusal when a
// column is missing.
func TestImportUnderstandsHeadersByMeaningAndNamesThoseItDoesNot(t *testing.T) {
	t.Parallel()
	env := registrytest.New(t)
	file := "公众号名称,开办单位,类型,gh号,开发者ID,运维单位,是否委托第三方,联系人,手机,服务领域,账号状态,粉丝量,开通时间,备注\n" +
		"五华教育,五华区教育体育局,微信公众号（服务号）,gh_0123456789ab,wx0123456789abcdef,五华区教育信息中心,否,王五,13987654321,义务教育,正常,1200,2019-05-01,\n"
	rep, err := importString(t, env.Registry, "headers.csv", file)
	if err != nil || rep.Created != 1 || !reflect.DeepEqual(rep.Ignored, []string{"粉丝量", "开通时间"}) {
		t.Fatalf("import did %+v, ignoring %q (%v); want 1 created, 粉丝量 and 开通时间 ignored", rep.ImportReport, rep.Ignored, err)
	}
	want := "五华教育|微信公众号|服务号|gh_0123456789ab|wx0123456789abcdef||km.wuhua.dept.edu|五华区教育体育局|五华区教育信息中心|否|王五|13987654321|义务教育|运营中|"
	assertLines(t, exported(t, env.Registry), []string{want})

	// Headers understood by their words, 主办单位 before 主管单位.
	file = "序号,新媒体账号名称（全称）,主管单位,主办单位,所属平台,负责人联系方式,账号运营负责人,涉及的公开领域\n" +
		"1,五华民政号,五华区人民政府,五华区民政局,快手,0871-64445566,赵六,社会救助\n"
	rep, err = importString(t, env.Registry, "words.csv", file)
	if err != nil || rep.Created != 1 || !reflect.DeepEqual(rep.Ignored, []string{"主管单位"}) {
		t.Fatalf("import did %+v, ignoring %q (%v); want 1 created, 主管单位 ignored", rep.ImportReport, rep.Ignored, err)
	}
	want = "五华民政号|快手|||||km.wuhua.dept.mz|五华区民政局||否|赵六|0871-64445566|社会救助|运营中|"
	if got := exported(t, env.Registry)[1]; got != want {
		t.Errorf("read %s, want %s", got, want)
	}

	_, err = importString(t, env.Registry, "missing.csv", "账号名称,开办单位,媒体属性\n五华教育,五华区教育体育局,政务\n")
	var list govmedia.FieldErrors
	if !errors.As(err, &list) || len(list) != 1 || list[0].Column != "平台" ||
		!strings.Contains(list.Message(govmedia.Chinese), "第 1 行，“平台”列：表头中没有这一列（未能识别的表头：媒体属性）") {
		t.Fatalf("a register without a platform column: %v; want the column and the header not understood named", err)
	}
	if _, err := importString(t, env.Registry, "empty.csv", "账号名称,平台,主办单位\n合计,0,\n"); govmedia.ErrorCode(err) != govmedia.EINVALID ||
		!strings.Contains(govmedia.ErrorMessage(govmedia.Chinese, err), "表头下没有账号") {
		t.Fatalf("a register with no account: %v", err)
	}
	if _, err := importString(t, env.Registry, "none.csv", "单位,数量\n五华区,3\n"); govmedia.ErrorCode(err) != govmedia.EINVALID ||
		!strings.Contains(govmedia.ErrorMessage(govmedia.Chinese, err), "找不到账号登记表的表头") {
		t.Fatalf("a file with no register: %v", err)
	}
}

// TestImportSplitsListsAndFoldsWhatPeopleType: lists split on 、，,;；/ and
// line breaks; full-width digits, letters and spaces, and spaces next to
// Chinese characters, are folded; a phone written with its area code in
// brackets, or +86, is read plainly.
func TestImportSplitsListsAndFoldsWhatPeopleType(t *testing.T) {
	t.Parallel()
	env := registrytest.New(t)
	file := "账号名称,平台,原始ID,AppID,主办单位,负责人,联系电话,覆盖领域\n" +
		"\"五华　教育 \",服务号,ｇｈ＿０１２３４５６７８９ａｂ,ＷＸ 0123 4567 89ab cdef,五华区 教育体育局,王　五,＋86 139 8765 4321,\"义务教育，公共文化服务；社会救助/养老服务\n就业创业,社会保险;医疗卫生\"\n" +
		"Kunming  Daily,微博,,,km.wuhua.office,John  Smith,（0871）64445566,\n"
	if _, err := importString(t, env.Registry, "fold.csv", file); err != nil {
		t.Fatalf("import: %v", err)
	}
	assertLines(t, exported(t, env.Registry), []string{
		"五华教育|微信公众号|服务号|gh_0123456789ab|wx0123456789abcdef||km.wuhua.dept.edu|五华区教育体育局||否|王五|13987654321|义务教育、养老服务、就业创业、医疗卫生、公共文化服务、社会救助、社会保险|运营中|",
		"Kunming Daily|微博|||||km.wuhua.office|五华区人民政府办公室||否|John Smith|0871-64445566||运营中|",
	})
}

// TestAnExportOfAccountsEnteredBeforeImportsFoldedReadsBackUnchanged: an
// account stored with stray spaces (entered in the chat) is exported as
// stored, and importing that export changes nothing.
func TestAnExportOfAccountsEnteredBeforeImportsFoldedReadsBackUnchanged(t *testing.T) {
	t.Parallel()
	env := registrytest.New(t)
	f := registry.Fields{Platform: registry.Weibo, Name: "五华 教育", OperatingUnit: "五华区 教育信息中心", PersonInCharge: "王　五", Domains: []string{}}
	if _, err := env.Registry.CreateAccount(context.Background(), env.DB, "km.wuhua.dept.edu", f, registry.Active,
		registry.Change{Actor: govmedia.Operator("test"), Action: "account.open"}); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"csv", "xlsx"} {
		var buf strings.Builder
		if _, err := env.Registry.ExportAccounts(context.Background(), &buf, format); err != nil {
			t.Fatal(err)
		}
		rep, err := importString(t, env.Registry, "export."+format, buf.String())
		if err != nil || rep.ImportReport != (registry.ImportReport{Unchanged: 1}) {
			t.Fatalf("importing the %s export did %+v (%v), want 1 unchanged", format, rep.ImportReport, err)
		}
	}
}
