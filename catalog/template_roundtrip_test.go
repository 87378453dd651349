package catalog_test

import (
	"bytes"
	"reflect"
	"testing"

	"govmedia/catalog"
)

// sampleTemplate is two domains' catalogs with every kind of value the
// template holds: first-level items over several rows, every channel and
// free text of 其他, all marks, 村级, text that looks like a formula, and
// line breaks.
func sampleTemplate() catalog.Template {
	edu := []catalog.Item{
		{Seq: 1, Level1: "招生入学", Level2: "招生计划", Content: "招生范围、招生计划、招生对象", Basis: "《中华人民共和国义务教育法》\n《云南省义务教育条例》",
			Deadline: "信息形成或变更之日起20个工作日内", Subject: "县教育体育局", Channels: []catalog.Channel{catalog.Website, catalog.NewMedia, catalog.NoticeBoard},
			Audiences: []catalog.Audience{catalog.Society}, Modes: []catalog.Mode{catalog.Proactive}, Levels: []catalog.Level{catalog.CountyLevel}},
		{Seq: 2, Level1: "招生入学", Level2: "划片结果", Content: "=SUM(A1) 各校服务范围", Deadline: "-", Subject: "县教育体育局",
			Channels: []catalog.Channel{catalog.Gazette, catalog.OtherChannel}, ChannelsOther: "村（社区）广播、微信群",
			Audiences: []catalog.Audience{catalog.Society, catalog.Specific}, Modes: []catalog.Mode{catalog.Proactive, catalog.OnRequest},
			Levels: []catalog.Level{catalog.CountyLevel, catalog.TownshipLevel, catalog.VillageLevel}},
		{Seq: 3, Level1: "学生资助", Level2: "资助政策", Content: "资助项目、对象、标准", Subject: "乡镇人民政府",
			Channels: catalog.Channels, Audiences: []catalog.Audience{catalog.Specific}, Modes: []catalog.Mode{catalog.OnRequest},
			Levels: []catalog.Level{catalog.TownshipLevel}},
	}
	aid := []catalog.Item{
		{Seq: 1, Level1: "最低生活保障", Level2: "低保审核确认", Content: "+申请条件", Subject: "@乡镇", Channels: []catalog.Channel{catalog.ServiceStation, catalog.DoorToDoor},
			Modes: []catalog.Mode{catalog.Proactive}},
	}
	return catalog.Template{Org: "官渡区", Domains: []catalog.TemplateDomain{
		{Domain: "compulsory-education", DomainName: "义务教育", Items: edu},
		{Domain: "social-assistance", DomainName: "社会救助", Items: aid},
	}}
}

func TestTemplateXLSXRoundTrips(t *testing.T) {
	want := sampleTemplate()
	var buf bytes.Buffer
	if err := catalog.WriteTemplateXLSX(&buf, want); err != nil {
		t.Fatal(err)
	}
	got := mustParse(t, "out.xlsx", buf.Bytes(), options(t, ""))
	assertSameDomains(t, got, want, true)
}

func TestTemplateCSVRoundTrips(t *testing.T) {
	want := sampleTemplate()
	var buf bytes.Buffer
	if err := catalog.WriteTemplateCSV(&buf, want); err != nil {
		t.Fatal(err)
	}
	got := mustParse(t, "out.csv", buf.Bytes(), options(t, ""))
	assertSameDomains(t, got, want, false)
}

func assertSameDomains(t *testing.T, got *catalog.Parsed, want catalog.Template, sheets bool) {
	t.Helper()
	if len(got.Domains) != len(want.Domains) {
		t.Fatalf("got %d domains, want %d", len(got.Domains), len(want.Domains))
	}
	for i, d := range want.Domains {
		g := got.Domains[i]
		if g.Domain != d.Domain || (sheets && g.Sheet != d.DomainName) {
			t.Errorf("domain %d: got %s on sheet %q, want %s on %q", i, g.Domain, g.Sheet, d.Domain, d.DomainName)
		}
		if len(g.Unknown) > 0 {
			t.Errorf("%s: headers not understood: %q", d.Domain, g.Unknown)
		}
		if !reflect.DeepEqual(g.Items, d.Items) {
			t.Errorf("%s: items came back as\n%#v\nwant\n%#v", d.Domain, g.Items, d.Items)
		}
	}
}

// A CSV of one domain has no 领域 column: its title names the domain.
func TestAOneDomainCSVRoundTripsThroughItsTitle(t *testing.T) {
	want := sampleTemplate()
	want.Domains = want.Domains[:1]
	var buf bytes.Buffer
	if err := catalog.WriteTemplateCSV(&buf, want); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(buf.Bytes(), []byte("领域,序号")) {
		t.Errorf("a one-domain CSV has a 领域 column")
	}
	assertSameDomains(t, mustParse(t, "out.csv", buf.Bytes(), options(t, "")), want, false)
}
