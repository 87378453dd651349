package catalog_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"govmedia/catalog"
)

func TestTheXLSXExportIsTheOfficialTemplate(t *testing.T) {
	var buf bytes.Buffer
	if err := catalog.WriteTemplateXLSX(&buf, sampleTemplate()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{"义务教育", "社会救助"}) {
		t.Fatalf("sheets %q, want one per domain", got)
	}
	merges, _ := f.GetMergeCells("义务教育", true)
	var refs []string
	for _, m := range merges {
		refs = append(refs, m.GetStartAxis()+":"+m.GetEndAxis())
	}
	for _, want := range []string{"A1:O1", "A2:A3", "B2:C2", "D2:D3", "H2:H3", "I2:J2", "K2:L2", "M2:O2", "B4:B5"} {
		if !slices.Contains(refs, want) {
			t.Errorf("merged ranges %q lack %s", refs, want)
		}
	}
	cells := map[string]string{
		"A1": "官渡区义务教育领域基层政务公开标准目录", "B2": "公开事项", "B3": "一级事项", "I2": "公开对象", "I3": "全社会",
		"K3": "主动", "M3": "县级", "N3": "乡级", "O3": "村级", "A4": "1", "B4": "招生入学", "I4": "√", "J4": "", "O5": "√",
		"H4": "■政府网站 □政府公报 ■两微一端 □发布会/听证会 □广播电视 □纸质媒体 □公开查阅点 □政务服务中心 □便民服务站 □入户/现场 ■公示栏（电子屏） □精准推送 □其他",
		"D5": "'=SUM(A1) 各校服务范围",
	}
	for cell, want := range cells {
		if got, _ := f.GetCellValue("义务教育", cell); got != want {
			t.Errorf("%s = %q, want %q", cell, got, want)
		}
	}
	if rows, _ := f.GetRows("义务教育"); len(rows[4]) < 2 || rows[4][1] != "" {
		t.Errorf("row 5 repeats the first-level item merged over it: %q", rows[4])
	}
	if formula, _ := f.GetCellFormula("义务教育", "D5"); formula != "" {
		t.Errorf("D5 holds the formula %q, want text", formula)
	}
	if got, _ := f.GetCellValue("社会救助", "A1"); got != "官渡区社会救助领域基层政务公开标准目录" {
		t.Errorf("the second sheet's title is %q", got)
	}
}

func TestTheCSVExportIsTheTemplateWithADomainColumn(t *testing.T) {
	var buf bytes.Buffer
	if err := catalog.WriteTemplateCSV(&buf, sampleTemplate()); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(buf.String(), "\r\n")
	want := []string{
		"\ufeff官渡区基层政务公开标准目录,,,,,,,,,,,,,,,",
		"领域,序号,公开事项,,公开内容（要素）,公开依据,公开时限,公开主体,公开渠道和载体,公开对象,,公开方式,,公开层级,,",
		",,一级事项,二级事项,,,,,,全社会,特定群体,主动,依申请,县级,乡级,村级",
	}
	if !reflect.DeepEqual(lines[:3], want) {
		t.Errorf("title and headers:\n%q\nwant\n%q", lines[:3], want)
	}
	if !strings.HasPrefix(lines[5], "义务教育,2,招生入学,划片结果,'=SUM(A1) 各校服务范围,,'-,") {
		t.Errorf("the second item's row is %q", lines[5])
	}
}

func TestTheJSONExportHasOneObjectPerItemKeyedByTheColumns(t *testing.T) {
	var buf bytes.Buffer
	if err := catalog.WriteTemplateJSON(&buf, sampleTemplate()); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 {
		t.Fatalf("got %d objects, want 4 (one per item)", len(got))
	}
	first := got[0]
	want := map[string]any{"领域": "义务教育", "领域代码": "compulsory-education", "序号": 1.0, "一级事项": "招生入学", "二级事项": "招生计划",
		"公开内容（要素）": "招生范围、招生计划、招生对象", "公开时限": "信息形成或变更之日起20个工作日内", "公开主体": "县教育体育局",
		"公开渠道和载体": []any{"政府网站", "两微一端", "公示栏（电子屏）"}, "公开对象": []any{"全社会"}, "公开方式": []any{"主动"}, "公开层级": []any{"县级"}}
	for k, v := range want {
		if !reflect.DeepEqual(first[k], v) {
			t.Errorf("%s = %#v, want %#v", k, first[k], v)
		}
	}
	if aid := got[3]; !reflect.DeepEqual(aid["公开对象"], []any{}) || aid["其他渠道"] != nil {
		t.Errorf("an item with no audience: 公开对象 = %#v, 其他渠道 = %#v; want [] and no key", aid["公开对象"], aid["其他渠道"])
	}
	if got[1]["其他渠道"] != "村（社区）广播、微信群" {
		t.Errorf("其他渠道 = %#v", got[1]["其他渠道"])
	}
}
