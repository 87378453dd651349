package catalog_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"govmedia"
	"govmedia/catalog"
)

// The files under testdata/excelize are written by excelize and those under
// testdata/libreoffice are the same re-saved by LibreOffice Calc; see
// testdata/makefixtures. Each test reads both.
var savedBy = []string{"excelize", "libreoffice"}

func readFixture(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", path))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

var (
	ch  = func(list ...catalog.Channel) []catalog.Channel { return list }
	aud = func(list ...catalog.Audience) []catalog.Audience { return list }
	mo  = func(list ...catalog.Mode) []catalog.Mode { return list }
	lv  = func(list ...catalog.Level) []catalog.Level { return list }
)

// countyItems are what the county's filled workbook says.
func countyItems() []catalog.Item {
	return []catalog.Item{
		{Seq: 1, Level1: "招生入学", Level2: "招生计划", Content: "招生范围、招生计划、招生对象", Basis: "《中华人民共和国义务教育法》",
			Deadline: "信息形成之日起20个工作日内", Subject: "官渡区教育体育局", Channels: ch(catalog.Website, catalog.NewMedia),
			Audiences: aud(catalog.Society), Modes: mo(catalog.Proactive), Levels: lv(catalog.CountyLevel)},
		{Seq: 2, Level1: "招生入学", Level2: "划片结果", Content: "各校服务范围", Basis: "《云南省义务教育条例》", Deadline: "每年6月底前",
			Subject: "官渡区教育体育局", Channels: ch(catalog.Website, catalog.NewMedia),
			Audiences: aud(catalog.Society), Modes: mo(catalog.Proactive), Levels: lv(catalog.CountyLevel, catalog.TownshipLevel)},
		{Seq: 3, Level1: "招生入学", Level2: "入学结果", Content: "录取名单", Deadline: "录取结束后5个工作日内", Subject: "各学校",
			Channels:  ch(catalog.Website, catalog.DoorToDoor, catalog.NoticeBoard),
			Audiences: aud(catalog.Specific), Modes: mo(catalog.Proactive, catalog.OnRequest), Levels: lv(catalog.TownshipLevel)},
		{Seq: 5, Level1: "学生资助", Level2: "资助政策", Content: "资助项目、资助对象、资助标准", Basis: "《学生资助资金管理办法》",
			Deadline: "每学期开学前", Subject: "官渡区教育体育局", Channels: ch(catalog.NoticeBoard, catalog.OtherChannel), ChannelsOther: "村广播",
			Audiences: aud(catalog.Society), Modes: mo(catalog.Proactive), Levels: lv(catalog.TownshipLevel)},
	}
}

var countyNotes = []string{"填报单位：官渡区教育体育局　　填报日期：2020年8月10日", "注：1.公开时限为信息形成或者变更之日起20个工作日内。",
	"2.公开层级按县、乡两级填写。", "填表人：张三　　联系电话：0871-63100000"}

func TestParsesAWorkbookAsACountyFillsIt(t *testing.T) {
	for _, by := range savedBy {
		t.Run(by, func(t *testing.T) {
			got := mustParse(t, "目录.xlsx", readFixture(t, by+"/county-filled.xlsx"), options(t, ""))
			want := []catalog.ParsedDomain{{Domain: "compulsory-education", Sheet: "3.义务教育", Items: countyItems(), Unknown: []string{"备注"}}}
			assertDomains(t, got.Domains, want)
			if !reflect.DeepEqual(got.Notes, countyNotes) {
				t.Errorf("notes:\n%q\nwant\n%q", got.Notes, countyNotes)
			}
		})
	}
}

// A CSV saved from that workbook keeps a merged cell's value in its first
// row only: the first-level item is carried down, the 公开主体 merged over
// two rows is not (the second row's is blank).
func TestParsesTheCountysCSVInGB18030AndUTF8WithBOM(t *testing.T) {
	want := countyItems()
	want[1].Subject = ""
	for _, file := range []string{"county-filled.gb18030.csv", "county-filled.utf8bom.csv"} {
		t.Run(file, func(t *testing.T) {
			got := mustParse(t, file, readFixture(t, "csv/"+file), options(t, ""))
			assertDomains(t, got.Domains, []catalog.ParsedDomain{{Domain: "compulsory-education", Items: want, Unknown: []string{"备注"}}})
			if !reflect.DeepEqual(got.Notes, countyNotes) {
				t.Errorf("notes:\n%q\nwant\n%q", got.Notes, countyNotes)
			}
		})
	}
}

func TestParsesOneSheetPerDomainEachNamedItsOwnWay(t *testing.T) {
	want := []catalog.ParsedDomain{
		{Domain: "compulsory-education", Sheet: "3.义务教育", Items: []catalog.Item{
			{Seq: 1, Level1: "招生入学", Level2: "招生计划", Content: "招生计划", Basis: "《义务教育法》", Deadline: "20个工作日内", Subject: "区教育体育局",
				Channels: ch(catalog.Website, catalog.NewMedia), Audiences: aud(catalog.Society), Modes: mo(catalog.Proactive), Levels: lv(catalog.CountyLevel)},
			{Seq: 2, Level1: "招生入学", Level2: "入学结果", Content: "录取名单", Deadline: "5个工作日内", Subject: "各学校",
				Channels: ch(catalog.NoticeBoard), Audiences: aud(catalog.Specific), Modes: mo(catalog.OnRequest), Levels: lv(catalog.TownshipLevel)},
		}},
		{Domain: "household-registration", Sheet: "户籍管理领域", Items: []catalog.Item{
			{Seq: 1, Level1: "户口登记", Level2: "出生登记", Content: "办理条件、所需材料", Basis: "《户口登记条例》", Deadline: "常态公开", Subject: "区公安分局",
				Channels: ch(catalog.ServiceCenter, catalog.ServiceStation), Audiences: aud(catalog.Society),
				Modes: mo(catalog.Proactive, catalog.OnRequest), Levels: lv(catalog.CountyLevel, catalog.TownshipLevel)},
		}},
		{Domain: "social-assistance", Sheet: "Sheet3", Items: []catalog.Item{
			{Seq: 1, Level1: "最低生活保障", Level2: "低保审核确认", Content: "审核确认结果", Basis: "《社会救助暂行办法》", Deadline: "每月", Subject: "街道办事处",
				Channels: ch(catalog.DoorToDoor, catalog.NoticeBoard), Audiences: aud(catalog.Specific), Modes: mo(catalog.Proactive),
				Levels: lv(catalog.TownshipLevel, catalog.VillageLevel)},
			{Seq: 2, Level1: "最低生活保障", Level2: "低保金发放", Content: "发放标准", Deadline: "每月", Subject: "街道办事处",
				Channels: ch(catalog.NewMedia), Audiences: aud(catalog.Society), Modes: mo(catalog.Proactive), Levels: lv(catalog.CountyLevel)},
		}},
	}
	for _, by := range savedBy {
		t.Run(by, func(t *testing.T) {
			got := mustParse(t, "x.xlsx", readFixture(t, by+"/several-sheets.xlsx"), options(t, ""))
			assertDomains(t, got.Domains, want)
		})
	}
}

func TestParsesOneSheetWithADomainColumn(t *testing.T) {
	item := func(seq int, l1, l2, content, subject string, c catalog.Channel, a catalog.Audience, l catalog.Level) catalog.Item {
		return catalog.Item{Seq: seq, Level1: l1, Level2: l2, Content: content, Subject: subject, Channels: ch(c),
			Audiences: aud(a), Modes: mo(catalog.Proactive), Levels: lv(l)}
	}
	want := []catalog.ParsedDomain{
		{Domain: "compulsory-education", Sheet: "目录", Items: []catalog.Item{
			item(1, "招生入学", "招生计划", "招生计划", "区教育体育局", catalog.Website, catalog.Society, catalog.CountyLevel),
			item(2, "学生资助", "资助政策", "资助标准", "区教育体育局", catalog.NewMedia, catalog.Society, catalog.TownshipLevel),
		}},
		{Domain: "household-registration", Sheet: "目录", Items: []catalog.Item{
			item(1, "户口登记", "出生登记", "办理条件", "区公安分局", catalog.ServiceCenter, catalog.Society, catalog.CountyLevel),
			item(2, "户口登记", "迁移登记", "办理条件", "区公安分局", catalog.ServiceCenter, catalog.Society, catalog.CountyLevel),
		}},
		{Domain: "poverty-alleviation", Sheet: "目录", Items: []catalog.Item{
			item(1, "扶贫对象", "贫困人口识别", "识别标准", "乡镇人民政府", catalog.NoticeBoard, catalog.Specific, catalog.TownshipLevel),
		}},
	}
	for _, by := range savedBy {
		t.Run(by, func(t *testing.T) {
			got := mustParse(t, "x.xlsx", readFixture(t, by+"/domain-column.xlsx"), options(t, ""))
			assertDomains(t, got.Domains, want)
		})
	}
}

// Every problem of the file is reported, with its sheet, row and column,
// and nothing is returned though some rows are good.
func TestRefusesAFileWithBadRowsReportingEachProblem(t *testing.T) {
	want := []string{
		"目录!5!二级事项!catalog_import.level2_missing",
		"目录!6!主动!catalog_import.mark_invalid",
		"目录!7!公开方式!catalog_import.mode_missing",
		"目录!8!领域!catalog_import.domain_unknown",
		"目录!9!领域!catalog_import.domain_missing",
		"户籍管理!2!市级!catalog_import.sub_header_unknown",
		"户籍管理!1!公开内容（要素）!catalog_import.column_missing",
	}
	for _, by := range savedBy {
		t.Run(by, func(t *testing.T) {
			data := readFixture(t, by+"/bad-rows.xlsx")
			if got := fieldErrors(t, "x.xlsx", data, options(t, "")); !reflect.DeepEqual(got, want) {
				t.Errorf("problems:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			_, err := catalog.ParseTemplate("x.xlsx", data, options(t, ""))
			zh := govmedia.ErrorMessage(govmedia.Chinese, err)
			for _, line := range []string{"发现 7 处错误，没有导入任何内容", "工作表“目录”第 5 行，“二级事项”列：没有填写二级事项",
				"工作表“目录”第 6 行，“主动”列：“？”不是勾选标记", "工作表“目录”第 8 行，“领域”列：“教育卫生”不是 26 个试点领域之一",
				"工作表“户籍管理”第 2 行，“市级”列：表头“市级”无法识别：“公开层级”下应为县级、乡级"} {
				if !strings.Contains(zh, line) {
					t.Errorf("the Chinese message lacks %q:\n%s", line, zh)
				}
			}
			if en := govmedia.ErrorMessage(govmedia.English, err); !strings.Contains(en, `Sheet "目录", row 7, column "公开方式": neither 主动`) {
				t.Errorf("the English message lacks row 7's problem:\n%s", en)
			}
		})
	}
}

func assertDomains(t *testing.T, got, want []catalog.ParsedDomain) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d domains %v, want %d", len(got), domainCodes(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Domain != w.Domain || g.Sheet != w.Sheet || !reflect.DeepEqual(g.Unknown, w.Unknown) {
			t.Errorf("domain %d: got %s on sheet %q with unknown headers %q, want %s on %q with %q", i, g.Domain, g.Sheet, g.Unknown, w.Domain, w.Sheet, w.Unknown)
		}
		if len(g.Items) != len(w.Items) {
			t.Errorf("%s: got %d items, want %d:\n%#v", w.Domain, len(g.Items), len(w.Items), g.Items)
			continue
		}
		for j := range w.Items {
			if !reflect.DeepEqual(g.Items[j], w.Items[j]) {
				t.Errorf("%s item %d:\ngot  %#v\nwant %#v", w.Domain, j+1, g.Items[j], w.Items[j])
			}
		}
	}
}

func domainCodes(list []catalog.ParsedDomain) []string {
	var out []string
	for _, d := range list {
		out = append(out, d.Domain)
	}
	return out
}
