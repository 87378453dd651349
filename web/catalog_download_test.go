package web_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"govmedia/catalog"
)

// TestACatalogDownloadsAsTheOfficialTemplate: the xlsx and the csv are the
// official template, read back by the import as the very items of the
// current version; the json has one object per item keyed by the
// template's columns; each is named for the government, domain and
// version.
func TestACatalogDownloadsAsTheOfficialTemplate(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	want := assistance()
	s.publish(t, "km.wuhua", "social-assistance", want)
	domains, err := s.Registry.Domains(s.ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ ext, mime string }{
		{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}, {"csv", "text/csv; charset=utf-8"},
	} {
		resp, body := fetch(t, s.URL+"/catalogs/km.wuhua/social-assistance."+c.ext)
		disposition := resp.Header.Get("Content-Disposition")
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != c.mime || !strings.Contains(disposition, `filename="km.wuhua-social-assistance-v1.`+c.ext+`"`) ||
			!strings.Contains(disposition, "filename*=UTF-8''%E4%BA%94%E5%8D%8E") {
			t.Fatalf("GET .%s: %d %s, %s", c.ext, resp.StatusCode, resp.Header.Get("Content-Type"), disposition)
		}
		if c.ext == "xlsx" && !bytes.HasPrefix([]byte(body), []byte("PK\x03\x04")) {
			t.Fatalf("the xlsx is not a zip file: %q", body[:min(len(body), 8)])
		}
		p, err := catalog.ParseTemplate("download."+c.ext, []byte(body), catalog.TemplateOptions{Domains: domains})
		if err != nil {
			t.Fatalf("the import does not read the .%s download: %v", c.ext, err)
		}
		if len(p.Domains) != 1 || p.Domains[0].Domain != "social-assistance" || !sameItems(p.Domains[0].Items, want) {
			t.Errorf("the .%s download holds %+v, want the current version's items", c.ext, p.Domains)
		}
	}
	resp, body := fetch(t, s.URL+"/catalogs/km.wuhua/social-assistance.json")
	var items []map[string]any
	if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &items) != nil || len(items) != 3 {
		t.Fatalf("GET .json: %d %.300s", resp.StatusCode, body)
	}
	if items[1]["二级事项"] != "低保对象" || items[1]["公开内容（要素）"] != want[1].Content || items[1]["领域"] != "社会救助" {
		t.Errorf("the json's second item: %v", items[1])
	}
}

// sameItems compares items by the columns the template carries.
func sameItems(got, want []catalog.Item) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.Level1 != w.Level1 || g.Level2 != w.Level2 || g.Content != w.Content || g.Basis != w.Basis || g.Deadline != w.Deadline ||
			g.Subject != w.Subject || g.ChannelsOther != w.ChannelsOther || len(g.Channels) != len(w.Channels) ||
			len(g.Audiences) != len(w.Audiences) || len(g.Modes) != len(w.Modes) || len(g.Levels) != len(w.Levels) {
			return false
		}
	}
	return true
}

// TestTheCatalogAPIPagesAVersionsItems: /api/v1/catalogs/{org}/{domain}
// answers the current version, its items keyed as the template's columns,
// a page at a time.
func TestTheCatalogAPIPagesAVersionsItems(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.publish(t, "km.wuhua", "social-assistance", many(130))
	var page struct {
		OrgName    string           `json:"org_name"`
		DomainName string           `json:"domain_name"`
		Version    int              `json:"version"`
		ItemCount  int              `json:"item_count"`
		Items      []map[string]any `json:"items"`
		Next       int              `json:"next"`
	}
	_, body := fetch(t, s.URL+"/api/v1/catalogs/km.wuhua/social-assistance")
	if err := json.Unmarshal([]byte(body), &page); err != nil || page.Version != 1 || page.ItemCount != 130 || len(page.Items) != 100 || page.Next != 100 ||
		page.OrgName != "五华区人民政府" || page.DomainName != "社会救助" {
		t.Fatalf("the first page: %v %+v", err, page)
	}
	_, body = fetch(t, s.URL+"/api/v1/catalogs/km.wuhua/social-assistance?after=100&limit=50")
	var last struct {
		Items []map[string]any `json:"items"`
		Next  *int             `json:"next"`
	}
	if err := json.Unmarshal([]byte(body), &last); err != nil || len(last.Items) != 30 || last.Next != nil || last.Items[0]["二级事项"] != "事项101" {
		t.Fatalf("the last page: %v, %d items, next %v", err, len(last.Items), last.Next)
	}
	for _, bad := range []string{"?limit=101", "?limit=0", "?after=-1", "?after=x"} {
		if resp, _ := fetch(t, s.URL+"/api/v1/catalogs/km.wuhua/social-assistance"+bad); resp.StatusCode != 400 {
			t.Errorf("%s: %d, want 400", bad, resp.StatusCode)
		}
	}
}
