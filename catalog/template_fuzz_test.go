package catalog_test

import (
	"bytes"
	"errors"
	"testing"

	"govmedia"
	"govmedia/catalog"
)

// FuzzParseTemplate feeds the parser any bytes, as CSV and as xlsx: it
// must never panic or hang, and a file it does not refuse holds items.
func FuzzParseTemplate(f *testing.F) {
	opts := options(f, "")
	f.Add(csvFile("官渡区义务教育领域基层政务公开标准目录", oneItem, ",,,,,,,,,,,,,\n", "注：说明\n"), false)
	f.Add([]byte("领域,序号,公开事项\n,,一级事项,二级事项\n义务教育,1,a,b\n"), false)
	f.Add([]byte("\xef\xbb\xbf序号,二级事项,公开内容,公开方式\n1,事项,内容,主动、依申请\n"), false)
	f.Add([]byte("\xd0\xf2\xba\xc5,\xb6\xfe\xbc\xb6\xca\xc2\xcf\xee\n"), false) // GB18030
	var buf bytes.Buffer
	small := catalog.Template{Org: "官渡区", Domains: []catalog.TemplateDomain{{Domain: "compulsory-education", DomainName: "义务教育",
		Items: []catalog.Item{{Level1: "招生", Level2: "计划", Channels: []catalog.Channel{catalog.Website}, Modes: []catalog.Mode{catalog.Proactive}}}}}}
	if err := catalog.WriteTemplateXLSX(&buf, small); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes(), true)
	f.Add([]byte("PK\x03\x04"), true)
	f.Fuzz(func(t *testing.T, data []byte, xlsx bool) {
		name := "f.csv"
		if xlsx {
			name = "f.xlsx"
		}
		p, err := catalog.ParseTemplate(name, data, opts)
		if err != nil {
			var e *govmedia.Error
			var list govmedia.FieldErrors
			if p != nil || !(errors.As(err, &e) || errors.As(err, &list)) || govmedia.ErrorCode(err) != govmedia.EINVALID {
				t.Fatalf("refused with %T %v and %v, want a user's error and nothing parsed", err, err, p)
			}
			return
		}
		for _, d := range p.Domains {
			if len(d.Items) == 0 || d.Domain == "" {
				t.Fatalf("parsed an empty or unnamed domain: %+v", d)
			}
		}
	})
}
