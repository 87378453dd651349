package web_test

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"govmedia"
	"govmedia/approvals"
	"govmedia/postgres"
	"govmedia/publish"
	"govmedia/registry"
	"govmedia/registry/registrytest"
	"govmedia/web"
)

// policyWorld is the web server with its policy pages over a publisher,
// on a database holding the sample tree and one WeChat account.
type policyWorld struct {
	t        *testing.T
	ts       *httptest.Server
	env      *registrytest.Env
	pub      *publish.Publisher
	engine   *approvals.Engine
	operator *registry.Member
	approver *registry.Member
}

func newPolicyWorld(t *testing.T) *policyWorld {
	t.Helper()
	env := registrytest.New(t)
	q, err := postgres.NewQueue(env.DB)
	if err != nil {
		t.Fatal(err)
	}
	engine := approvals.New(env.DB.DB, env.Registry, env.Clock.Now, approvals.Options{})
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	pub := publish.NewPublisher(env.DB.DB, env.Registry, engine, q, env.Box, env.Clock.Now, log, publish.Tuning{})
	if err := pub.SetDefaultCover(context.Background(), "km", smallJPEG(), "cover.jpg"); err != nil {
		t.Fatal(err)
	}
	f := registrytest.WeChat("五华教育")
	f.OriginalID, f.AppID = "gh_0123456789ab", "wx0123456789abcdef"
	if _, err := env.Registry.CreateAccount(context.Background(), env.DB, "km.wuhua.dept.edu", f, registry.Active,
		registry.Change{Actor: govmedia.Operator("t"), Action: "account.import"}); err != nil {
		t.Fatal(err)
	}
	srv := web.New(env.Registry, func(ctx context.Context) error { return env.DB.PingContext(ctx) }, log)
	srv.ServePolicies(pub)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &policyWorld{t: t, ts: ts, env: env, pub: pub, engine: engine,
		operator: env.Member(t, "km.office", registry.Operator, "市政府办运营"), approver: env.Member(t, "km.office", registry.Approver, "市政府办审批")}
}

// submit submits a policy and, if approve, approves it; it returns its id.
func (w *policyWorld) submit(pd publish.PolicyDraft, approve bool) int64 {
	w.t.Helper()
	pd.Mode, pd.Targets = publish.Publish, publish.Targets{Org: "km.wuhua", Descendants: true}
	pol, app, err := w.pub.SubmitPolicy(context.Background(), w.operator, pd)
	if err != nil {
		w.t.Fatalf("submitting %s: %v", pd.Title, err)
	}
	if approve {
		if _, err := w.engine.Decide(context.Background(), w.approver, app.PendingStep().ID, approvals.Approve, ""); err != nil {
			w.t.Fatal(err)
		}
	}
	return pol.PublicationID
}

func interpretation(form publish.InterpretationForm, title, body string) publish.InterpretationDraft {
	return publish.InterpretationDraft{Form: form, Title: title, Body: publish.Body{Format: "html", Text: body}}
}

func day(y, m, d int) time.Time {
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, govmedia.ChinaTime)
}

// seed submits four policies: three approved, one still in review.
func (w *policyWorld) seed() map[string]int64 {
	ids := map[string]int64{}
	ids["方案"] = w.submit(publish.PolicyDraft{Title: "昆明市基层政务公开标准化规范化工作实施方案", Number: "昆政办〔2020〕32号",
		IssuedOn: day(2020, 6, 1), Domains: []string{"compulsory-education", "budget-final-accounts"},
		Body:        publish.Body{Format: "html", Text: "<p>各县（市）区人民政府：现将<strong>实施方案</strong>印发给你们。</p>"},
		Attachments: []publish.AttachmentFile{{Name: "附件1 试点领域表.xlsx", Data: []byte("PK\x03\x04 a workbook")}},
		Interpretations: []publish.InterpretationDraft{
			interpretation(publish.TextInterpretation, "《实施方案》政策解读", "<p>一、出台背景：推进基层政务公开标准化规范化。</p>"),
			{Form: publish.GraphicInterpretation, Title: "一图读懂实施方案", Body: publish.Body{Format: "html",
				Text: `<p>图解如下</p><img src="图解.jpg">`, Images: map[string][]byte{"图解.jpg": smallJPEG()}}},
		}}, true)
	ids["招生"] = w.submit(publish.PolicyDraft{Title: "五华区义务教育阶段学校招生工作方案", Number: "五教体发[2021]5号",
		IssuingOrg: "km.wuhua.dept.edu", IssuedOn: day(2021, 3, 15), Domains: []string{"social-assistance"},
		Body:            publish.Body{Format: "text", Text: "各中小学：\n\n请做好招生工作。"},
		Interpretations: []publish.InterpretationDraft{interpretation(publish.QAInterpretation, "招生工作问答", "<p>问：何时报名？答：5月。</p>")}}, true)
	ids["学前"] = w.submit(publish.PolicyDraft{Title: "关于加快发展学前教育的意见", Number: "昆政发〔2022〕1号", IssuedOn: day(2022, 1, 10),
		Domains: []string{"compulsory-education"}, Body: publish.Body{Format: "text", Text: "学前教育是终身学习的开端。"},
		Interpretations: []publish.InterpretationDraft{interpretation(publish.TextInterpretation, "学前教育意见解读", "<p>解读正文</p>")}}, true)
	ids["在审"] = w.submit(publish.PolicyDraft{Title: "尚在审核的教育文件", Number: "昆政办〔2022〕9号", IssuedOn: day(2022, 2, 1),
		Body:            publish.Body{Format: "text", Text: "审核中"},
		Interpretations: []publish.InterpretationDraft{interpretation(publish.TextInterpretation, "审核中的解读", "<p>解读</p>")}}, false)
	return ids
}

func (w *policyWorld) get(path string, header ...string) (*http.Response, string) {
	w.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, w.ts.URL+path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

func TestAPolicyPageShowsThePolicyWithItsInterpretations(t *testing.T) {
	t.Parallel()
	w := newPolicyWorld(t)
	ids := w.seed()
	path := "/policies/" + itoa(ids["方案"])
	resp, body := w.get(path)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %s", path, resp.StatusCode, body)
	}
	for _, want := range []string{"<h1>昆明市基层政务公开标准化规范化工作实施方案</h1>", "昆政办〔2020〕32号", "昆明市人民政府办公室", "2020年6月1日",
		"义务教育、财政预决算", "现将<strong>实施方案</strong>印发给你们", "《实施方案》政策解读", "一、出台背景", "一图读懂实施方案", "政策图解",
		`<img src="` + path + `/images/`, `href="` + path + `/files/0"`, "附件1 试点领域表.xlsx"} {
		if !strings.Contains(body, want) {
			t.Errorf("the policy page lacks %q", want)
		}
	}
	if len(body) > 100<<10 || !strings.Contains(body, `name="viewport"`) {
		t.Errorf("the page weighs %d bytes (limit 100 KB) or has no viewport", len(body))
	}
	img := regexpFind(body, `<img src="(`+path+`/images/[^"]+)"`)
	if r, data := w.get(img); r.StatusCode != 200 || r.Header.Get("Content-Type") != "image/jpeg" || !bytes.Equal([]byte(data), smallJPEG()) {
		t.Errorf("GET %s: %d %s", img, r.StatusCode, r.Header.Get("Content-Type"))
	}
	r, data := w.get(path + "/files/0")
	if r.StatusCode != 200 || data != "PK\x03\x04 a workbook" || !strings.Contains(r.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("the attachment: %d %q %q", r.StatusCode, r.Header.Get("Content-Disposition"), data)
	}
	if r, _ := w.get("/policies/" + itoa(ids["在审"])); r.StatusCode != 404 {
		t.Errorf("a policy in review is public: %d", r.StatusCode)
	}
	if r, _ := w.get("/policies/" + itoa(ids["在审"]) + "/images/x.jpg"); r.StatusCode != 404 {
		t.Errorf("a picture of a policy in review is public: %d", r.StatusCode)
	}
}

func TestPolicyPagesAnswerRevalidationsWith304(t *testing.T) {
	t.Parallel()
	w := newPolicyWorld(t)
	ids := w.seed()
	for _, path := range []string{"/policies/" + itoa(ids["方案"]), "/policies?q=" + urlq("教育")} {
		resp, _ := w.get(path)
		etag, modified := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
		if resp.StatusCode != 200 || etag == "" || modified == "" {
			t.Fatalf("GET %s: %d, ETag %q, Last-Modified %q", path, resp.StatusCode, etag, modified)
		}
		if r, body := w.get(path, "If-None-Match", etag); r.StatusCode != 304 || body != "" {
			t.Errorf("GET %s with its ETag: %d, want 304 without a body", path, r.StatusCode)
		}
		if r, _ := w.get(path, "If-Modified-Since", modified); r.StatusCode != 304 {
			t.Errorf("GET %s since it last changed: %d, want 304", path, r.StatusCode)
		}
		if r, _ := w.get(path, "If-None-Match", `"other"`); r.StatusCode != 200 {
			t.Errorf("GET %s with another ETag: %d, want 200", path, r.StatusCode)
		}
		if resp.Header.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
			t.Errorf("GET %s lacks the security headers: %v", path, resp.Header)
		}
	}
}

// titlesOf lists the policy titles a list page shows, in order.
func (w *policyWorld) titlesOf(query string) []string {
	w.t.Helper()
	resp, body := w.get("/policies?" + query)
	if resp.StatusCode != 200 {
		w.t.Fatalf("GET /policies?%s: %d %s", query, resp.StatusCode, body)
	}
	var out []string
	for _, m := range regexpAll(body, `<li><a href="/policies/\d+">([^<]+)</a>`) {
		out = append(out, m)
	}
	return out
}

func TestPoliciesAreSearchedByNumberTitleIssuerDateAndDomain(t *testing.T) {
	t.Parallel()
	w := newPolicyWorld(t)
	w.seed()
	const plan, enrol, preschool = "昆明市基层政务公开标准化规范化工作实施方案", "五华区义务教育阶段学校招生工作方案", "关于加快发展学前教育的意见"
	cases := []struct {
		query string
		want  []string
	}{
		{"", []string{preschool, enrol, plan}}, // newest document first; the one in review is not public
		{"q=" + urlq("昆政办〔2020〕32号"), []string{plan}},
		{"q=" + urlq("昆政办[2020]32号"), nil}, // a number is searched as it is written
		{"q=" + urlq("招生"), []string{enrol}},
		{"q=" + urlq("教育"), []string{preschool, enrol}},
		{"q=" + urlq("学"), []string{preschool, enrol}},
		{"q=" + urlq("五华区教育体育局"), []string{enrol}},
		{"issuer=km.wuhua.dept.edu", []string{enrol}},
		{"issuer=km.office", []string{preschool, plan}},
		{"from=2021-01-01&to=2021-12-31", []string{enrol}},
		{"from=2021-03-15", []string{preschool, enrol}},
		{"to=2020-06-01", []string{plan}},
		{"domain=compulsory-education", []string{preschool, plan}},
		{"domain=social-assistance&q=" + urlq("方案"), []string{enrol}},
	}
	for _, c := range cases {
		if got := w.titlesOf(c.query); strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("?%s: %v, want %v", c.query, got, c.want)
		}
	}
	if _, body := w.get("/policies?q=" + urlq("实施方案")); !strings.Contains(body, "昆政办〔2020〕32号 · 昆明市人民政府办公室 · 2020年6月1日 · 义务教育、财政预决算 · 解读 2 篇") {
		t.Errorf("the list does not describe the policy:\n%s", body)
	}
	for _, bad := range []string{"from=2021-02-30", "domain=astrology", "page=0"} {
		if r, body := w.get("/policies?" + bad); r.StatusCode != 400 || !strings.Contains(body, "<html") {
			t.Errorf("?%s: %d, want 400 with a page saying why", bad, r.StatusCode)
		}
	}
}

// A policy whose interpretations together weigh more than a page keeps
// the policy and what fits, and links the rest to pages of their own.
func TestAHeavyPolicyPageStaysUnder100KB(t *testing.T) {
	t.Parallel()
	w := newPolicyWorld(t)
	long := "<p>" + strings.Repeat("推进基层政务公开标准化规范化，", 1250) + "</p>" // 18,750 characters, about 56 KB
	pd := publish.PolicyDraft{Title: "长篇政策", Number: "昆政办〔2023〕3号", IssuedOn: day(2023, 1, 3), Body: publish.Body{Format: "html", Text: long}}
	for _, title := range []string{"解读甲", "解读乙", "解读丙"} {
		pd.Interpretations = append(pd.Interpretations, interpretation(publish.TextInterpretation, title, long))
	}
	id := w.submit(pd, true)
	_, body := w.get("/policies/" + itoa(id))
	if len(body) > 100<<10 {
		t.Fatalf("the page weighs %d KB, over 100 KB", len(body)>>10)
	}
	for _, n := range []string{"1", "2", "3"} {
		link := "/policies/" + itoa(id) + "/articles/" + n
		if !strings.Contains(body, `href="`+link+`"`) {
			t.Errorf("the page does not link interpretation %s", n)
		}
		if r, page := w.get(link); r.StatusCode != 200 || !strings.Contains(page, "推进基层政务公开标准化规范化") || len(page) > 100<<10 {
			t.Errorf("GET %s: %d, %d bytes", link, r.StatusCode, len(page))
		}
	}
}

func smallJPEG() []byte {
	var buf bytes.Buffer
	_ = jpeg.Encode(&buf, image.NewGray(image.Rect(0, 0, 40, 20)), nil)
	return buf.Bytes()
}
