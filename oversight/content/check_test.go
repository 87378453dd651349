package content_test

import (
	"strings"
	"testing"

	"govmedia/oversight/content"
)

func lists() content.Lists {
	return content.Lists{Version: 3, Blocked: []string{"绝密文件"}, Sensitive: []string{"群体性事件"},
		Corrections: map[string]string{"中华人民共合国": "中华人民共和国", "昆明市人民政府办公厅": "昆明市人民政府办公室"},
		Hosts:       []string{"km.gov.cn", "mp.weixin.qq.com"}}
}

func kinds(r content.Report) string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, string(f.Kind))
	}
	return strings.Join(out, " ")
}

func TestPersonalNumbersAreFoundAndNeverShown(t *testing.T) {
	m := content.Compile(lists())
	body := "联系人张三，身份证号 11010519491231002X，电话13912345678，账户 6222021234567890128，订单号 202611300000123456789。"
	r := m.Check([]content.Text{{Where: "正文", Body: body}})
	if got := kinds(r); got != "id_number mobile bank_card" {
		t.Fatalf("found %q, want the ID number, the mobile and the card (not the long order number)", got)
	}
	for _, f := range r.Findings {
		for _, secret := range []string{"11010519491231002X", "13912345678", "6222021234567890128"} {
			if strings.Contains(f.Found+f.Context, secret) {
				t.Errorf("a finding spells out %s: %+v", secret, f)
			}
		}
		if !f.Kind.Blocking() {
			t.Errorf("%s does not block", f.Kind)
		}
	}
	if want := len([]rune(body[:strings.Index(body, "13912345678")])) + 1; r.Findings[1].At != want {
		t.Errorf("the mobile is at character %d, reported at %d", want, r.Findings[1].At)
	}
}

func TestAWrongCheckDigitIsNoIDNumber(t *testing.T) {
	m := content.Compile(lists())
	if r := m.Check([]content.Text{{Body: "编号 110105194912310021 与 11010519491231002X"}}); kinds(r) != "id_number" {
		t.Fatalf("found %q, want only the number with the right check digit", kinds(r))
	}
}

func TestListedWordsCorrectionsAndLinks(t *testing.T) {
	m := content.Compile(lists())
	body := `<p>根据《中华人民共合国义务教育法》，昆明市人民政府办公厅印发昆政办[2020]32号。</p>
<p>详见 <a href="https://www.km.gov.cn/x">市政府网站</a>、<a href="http://evil.example.com/a">这里</a>，或 https://mp.weixin.qq.com/s/abc 。</p>
<p>请勿传播绝密文件，妥善处置群体性事件。</p>`
	r := m.Check([]content.Text{{Where: "第 1 篇 · 正文", Body: body, HTML: true}})
	if got := kinds(r); got != "correction correction blocked sensitive doc_number foreign_link" {
		t.Fatalf("found %q", got)
	}
	for _, f := range r.Findings {
		switch f.Kind {
		case content.Correction:
			if f.Correction == "" || !strings.Contains(f.Context, "【"+f.Found+"】") {
				t.Errorf("a correction without its fix or place: %+v", f)
			}
		case content.DocNumber:
			if f.Correction != "昆政办〔2020〕32号" {
				t.Errorf("doc number fixed as %q", f.Correction)
			}
		case content.ForeignLink:
			if f.Found != "evil.example.com" {
				t.Errorf("foreign link %+v", f)
			}
		}
	}
	if len(r.Blocking()) != 2 || len(r.Warnings()) != 4 {
		t.Fatalf("%d blocking and %d warnings", len(r.Blocking()), len(r.Warnings()))
	}
}

func TestWithoutAnAllowListGovernmentSitesAndWeChatPass(t *testing.T) {
	m := content.Compile(content.Lists{})
	r := m.Check([]content.Text{{Body: "见 https://www.yn.gov.cn/a 与 https://mp.weixin.qq.com/s/x 与 http://example.org"}})
	if kinds(r) != "foreign_link" || r.Findings[0].Found != "example.org" {
		t.Fatalf("found %+v", r.Findings)
	}
}
