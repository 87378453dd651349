package publish

import (
	"archive/zip"
	"bytes"
	"os"
	"strings"
	"testing"

	"govmedia"
)

// TestDOCXFromLibreOffice converts a document LibreOffice Writer saved
// (testdata/policy-libreoffice.md says how it was made) and checks each
// kind of content the offices' documents hold.
func TestDOCXFromLibreOffice(t *testing.T) {
	raw, err := os.ReadFile("testdata/policy-libreoffice.docx")
	if err != nil {
		t.Fatal(err)
	}
	got, err := DOCXToHTML(raw)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"<h1>昆明市基层政务公开标准化规范化工作实施方案</h1>",
		`<p style="text-align:center">昆政办〔2020〕32号</p>`,
		"<h2>一、工作目标</h2>",
		"基本建成<strong>全市统一</strong>的基层政务公开标准体系，<em>覆盖</em>全部试点领域。",
		"<ol><li>编制政务公开事项标准目录</li><li>规范政务公开流程<ol><li>落实发布审查机制</li></ol></li></ol>",
		"<ul><li>政府网站</li><li>政务新媒体</li></ul>",
		`<td colspan="2">`, `<td rowspan="2">义务教育</td><td>市教育体育局</td><td>各县区</td></tr><tr><td>市财政局</td><td>各乡镇</td>`,
		`附图：<img src="data:image/png;base64,`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the converted document lacks %s\n%s", want, got)
		}
	}
	content, images, errs := prepareBody(got, "html", nil)
	if len(errs) > 0 || len(images) != 1 || !strings.Contains(content, `<td rowspan="2">`) || !strings.Contains(content, `src="govmedia:`) {
		t.Fatalf("the sanitised body: %v, %d images\n%s", errs, len(images), content)
	}
}

// A document as Word writes it: numbered style ids with English names,
// emphasis through character styles, a bullet list, a link, a tracked
// deletion, a page break and a picture.
func TestDOCXAsWordWritesIt(t *testing.T) {
	got, err := DOCXToHTML(docx(t, map[string]string{
		"word/document.xml": wordDoc(`
<w:p><w:pPr><w:pStyle w:val="1"/></w:pPr><w:r><w:t>关于印发</w:t></w:r><w:r><w:t xml:space="preserve">实施方案的通知</w:t></w:r></w:p>
<w:p><w:r><w:rPr><w:rStyle w:val="a5"/></w:rPr><w:t>各县（市）区人民政府</w:t></w:r><w:r><w:t>：</w:t></w:r><w:r><w:br w:type="page"/></w:r></w:p>
<w:p/>
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t>政务公开&lt;目录&gt;</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr><w:hyperlink r:id="rId9"><w:r><w:rPr><w:u w:val="single"/></w:rPr><w:t>门户网站</w:t></w:r></w:hyperlink></w:p>
<w:p><w:r><w:t>原文</w:t></w:r><w:del><w:r><w:delText>删去的字</w:delText></w:r></w:del><w:ins><w:r><w:rPr><w:b w:val="0"/><w:i/></w:rPr><w:t>新增的字</w:t></w:r></w:ins></w:p>
<w:p><w:r><w:drawing><wp:inline><a:graphic><a:graphicData><pic:pic><pic:blipFill><a:blip r:embed="rId7"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`),
		"word/styles.xml": `<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style>
<w:style w:type="character" w:styleId="a5"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style></w:styles>`,
		"word/numbering.xml": `<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum>
<w:num w:numId="3"><w:abstractNumId w:val="0"/></w:num></w:numbering>`,
		"word/_rels/document.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/>
<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://www.km.gov.cn/" TargetMode="External"/></Relationships>`,
		"word/media/image1.png": string(tinyPNG),
	}))
	if err != nil {
		t.Fatal(err)
	}
	want := `<h1>关于印发实施方案的通知</h1><p><strong>各县（市）区人民政府</strong>：</p>` +
		`<ul><li>政务公开&lt;目录&gt;</li><li><a href="https://www.km.gov.cn/"><u>门户网站</u></a></li></ul>` +
		`<p>原文<em>新增的字</em></p><p><img src="data:image/png;base64,`
	if !strings.HasPrefix(got, want) {
		t.Fatalf("got\n%s\nwant it to start with\n%s", got, want)
	}
}

// A file that is not a Word document, or one that unpacks to far more
// than it weighs, is refused with a reason, before it is unpacked.
func TestDOCXRefusesWhatIsNotOne(t *testing.T) {
	bomb := docx(t, map[string]string{"word/document.xml": wordDoc("<w:p><w:r><w:t>" + strings.Repeat("政", maxDocxXML) + "</w:t></w:r></w:p>")})
	if len(bomb) > 1<<20 {
		t.Fatalf("the bomb weighs %d bytes; it should be small", len(bomb))
	}
	for name, c := range map[string]struct {
		raw []byte
		key string
	}{
		"a text file":      {[]byte("政策原文"), "policy.docx_unreadable"},
		"a zip of nothing": {docx(t, map[string]string{"a.txt": "x"}), "policy.docx_unreadable"},
		"a zip bomb":       {bomb, "policy.docx_too_large"},
	} {
		_, err := DOCXToHTML(c.raw)
		if e, ok := err.(*govmedia.Error); !ok || e.Key != c.key {
			t.Errorf("%s: %v, want %s", name, err, c.key)
		}
	}
}

func wordDoc(body string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:body>` + body + `</w:body></w:document>`
}

// docx zips parts into a .docx.
func docx(t *testing.T, parts map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, content := range parts {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write([]byte(content))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// tinyPNG is a 1×1 PNG.
var tinyPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82")
