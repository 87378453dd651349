package bot_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"govmedia"
	"govmedia/registry"
	"govmedia/registry/registrytest"
	"govmedia/web"
)

// hostileName is what a careless or hostile clerk may type: markup, a
// script, SQL; hostileFormula is a spreadsheet formula.
const (
	hostileName    = `<b>五华</b><script>alert(1)</script>'; DROP TABLE accounts; --`
	hostileFormula = `=HYPERLINK("http://evil.example","五华点我")`
	hostileScript  = `<script>alert(1)</script>`
)

// TestHostileTextIsStoredAndShownInertlyEverywhere types markup, a script,
// SQL and a formula into free-text fields and follows them wherever they
// appear: the review card shows them as typed (sent escaped, Telegram
// refusing nothing), the registry stores them as typed, the public pages
// escape them, the JSON gives them back exactly, the CSV export never
// lets a cell run as a formula, and a WeChat article carries no script.
func TestHostileTextIsStoredAndShownInertlyEverywhere(t *testing.T) {
	w := newPublishingWorld(t)
	w.checkArticleCarriesNoScript(t) // first: the review group's only card
	clerk := w.bind(3201, "钱民", "km.wuhua.dept.mz", registry.Operator)
	w.fillOpenForm(clerk, hostileName)
	w.press(clerk, clerk.id, "✅ 提交")
	card := w.expectCard(w.wuhuaGroup, hostileScript)
	if strings.Contains(card.Source, hostileScript) {
		t.Errorf("the card was sent with the script unescaped:\n%s", card.Source)
	}
	for _, c := range w.refusedSends() {
		if !strings.Contains(c.Description, "message is not modified") { // a redraw that changed nothing: the bot lets it be
			t.Fatalf("Telegram refused a send: %+v", c)
		}
	}
	for _, name := range []string{hostileName, hostileFormula} {
		f := registrytest.WeChat(name)
		f.SecondAccountReason = hostileScript
		if _, err := w.env.Registry.CreateAccount(context.Background(), w.env.DB, "km.wuhua.dept.mz", f, registry.Active,
			registry.Change{Actor: govmedia.Operator("test"), Action: "account.import"}); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(web.New(w.env.Registry, func(context.Context) error { return nil }, slog.New(slog.DiscardHandler)))
	t.Cleanup(srv.Close)
	checkPagesEscape(t, srv.URL)
	checkAPIGivesBackAsTyped(t, srv.URL)
	checkCSVRunsNoFormula(t, srv.URL)
}

func get(t *testing.T, u string) string {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d\n%s", u, resp.StatusCode, body)
	}
	return string(body)
}

func checkPagesEscape(t *testing.T, base string) {
	t.Helper()
	for _, path := range []string{"/?q=" + url.QueryEscape("五华"), "/verify?q=" + url.QueryEscape(hostileName)} {
		body := get(t, base+path)
		if strings.Contains(body, hostileScript) || strings.Contains(body, "<b>五华</b>") {
			t.Errorf("%s shows the markup as markup", path)
		}
		if !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("%s does not show the name as typed, escaped", path)
		}
	}
}

func checkAPIGivesBackAsTyped(t *testing.T, base string) {
	t.Helper()
	var page struct {
		Accounts []struct {
			Name string `json:"name"`
		} `json:"accounts"`
	}
	if err := json.Unmarshal([]byte(get(t, base+"/api/v1/accounts?q="+url.QueryEscape("五华"))), &page); err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, a := range page.Accounts {
		if a.Name == hostileName || a.Name == hostileFormula {
			found++
		}
	}
	if found != 2 {
		t.Errorf("the JSON gives back %d of the two names exactly: %+v", found, page.Accounts)
	}
}

func checkCSVRunsNoFormula(t *testing.T, base string) {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(get(t, base+"/api/v1/accounts.csv"), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, row := range rows {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
				t.Errorf("a CSV cell would run as a formula: %q", cell)
			}
			if cell == "'"+hostileFormula || cell == hostileName {
				seen++
			}
		}
	}
	if seen != 2 {
		t.Errorf("the CSV holds %d of the two names, want both (the formula behind a quote)", seen)
	}
}

// checkArticleCarriesNoScript publishes a notice whose title and body hold
// markup and a script: the WeChat article's title is the text as typed,
// its body carries the markup as text, not as tags.
func (w *publishingWorld) checkArticleCarriesNoScript(t *testing.T) {
	t.Helper()
	w.say(w.operator, "/publish")
	w.expect(w.operator.id, "文章标题")
	w.say(w.operator, "关于<b>冬季</b>安全的通知")
	w.expect(w.operator.id, "请发送正文")
	w.say(w.operator, "各学校："+hostileScript+"\n\n<img src=x onerror=alert(2)>请做好冬季安全工作。")
	w.expect(w.operator.id, "封面图片")
	w.say(w.operator, "-")
	w.press(w.operator, w.operator.id, "本政府及下级")
	w.press(w.operator, w.operator.id, "发布（显示")
	w.press(w.operator, w.operator.id, "✅ 提交")
	w.press(w.reviewer, w.wuhuaGroup, "同意")
	w.expect(w.wuhuaGroup, "已送达 2 / 2，失败 0")
	var article string
	if err := w.env.DB.NewRaw("SELECT article_id FROM deliveries WHERE account_id = (SELECT id FROM accounts WHERE name = '五华教育') ORDER BY id DESC LIMIT 1").
		Scan(context.Background(), &article); err != nil {
		t.Fatal(err)
	}
	arts, ok := w.wx.Published(w.appIDs["五华教育"], article)
	if !ok || len(arts) != 1 {
		t.Fatalf("the article on WeChat: %v %+v", ok, arts)
	}
	if arts[0].Title != "关于<b>冬季</b>安全的通知" {
		t.Errorf("the article's title is %q, want it as typed", arts[0].Title)
	}
	if c := arts[0].Content; strings.Contains(c, "<script") || strings.Contains(c, "<img") || !strings.Contains(c, "请做好冬季安全工作") {
		t.Errorf("the article's body:\n%s", c)
	}
}
