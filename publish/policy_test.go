package publish_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"govmedia"
	"govmedia/approvals"
	"govmedia/publish"
)

func TestDocumentNumbersInTheStandardShape(t *testing.T) {
	good := map[string]string{
		"昆政办〔2020〕32号":      "昆政办〔2020〕32号",
		"昆政办[2020]32号":      "昆政办〔2020〕32号",
		"昆政办【2020】32号":      "昆政办〔2020〕32号",
		"昆政办(2020)32号":      "昆政办〔2020〕32号",
		"昆政办（２０２０）３２号":      "昆政办〔2020〕32号",
		" 昆政办 〔2020〕 32 号 ": "昆政办〔2020〕32号",
		"国办发﹝2018﹞123号":     "国办发〔2018〕123号",
		"云政发〔2019〕007号":     "云政发〔2019〕7号",
		"昆明市人民政府令〔2021〕1号":  "昆明市人民政府令〔2021〕1号",
	}
	for in, want := range good {
		n, err := publish.ParseDocNumber(in, 2026)
		if err != nil || n.String() != want {
			t.Errorf("%q: %v %v, want %s", in, n, err, want)
		}
	}
	bad := map[string]string{
		"":             "policy.number_required",
		"昆政办2020-32号":  "policy.number_shape",
		"昆政办〔20〕32号":   "policy.number_shape",
		"昆政办〔2020〕32":  "policy.number_shape",
		"〔2020〕32号":    "policy.number_shape",
		"kzb〔2020〕3号":  "policy.number_shape",
		"昆政办〔2020〕第3号": "policy.number_shape",
		"昆政办〔1900〕1号":  "policy.number_year",
		"昆政办〔2031〕1号":  "policy.number_year",
		"昆政办〔2020〕0号":  "policy.number_serial",
	}
	for in, key := range bad {
		_, err := publish.ParseDocNumber(in, 2026)
		if e, ok := err.(*govmedia.Error); !ok || e.Key != key || e.Code != govmedia.EINVALID {
			t.Errorf("%q: %v, want %s", in, err, key)
		}
	}
	_, err := publish.ParseDocNumber("昆政办2020年32号", 2026)
	zh, en := govmedia.ErrorMessage(govmedia.Chinese, err), govmedia.ErrorMessage(govmedia.English, err)
	if !strings.Contains(zh, "昆政办2020年32号") || !strings.Contains(zh, "如“昆政办〔2020〕32号”") || !strings.Contains(en, "standard shape") {
		t.Errorf("the message does not show the shape: %q / %q", zh, en)
	}
}

// policyDraft is a policy of the city office with n written
// interpretations, to every account of the Wuhua district.
func policyDraft(n int) publish.PolicyDraft {
	pd := publish.PolicyDraft{Title: "昆明市基层政务公开标准化规范化工作实施方案", Number: "昆政办[2020]32号",
		IssuedOn: time.Date(2020, 6, 1, 0, 0, 0, 0, govmedia.ChinaTime), Domains: []string{"compulsory-education", "social-assistance"},
		Body: publish.Body{Format: "text", Text: "各县（市）区人民政府：\n\n现将实施方案印发给你们，请认真贯彻执行。"},
		Mode: publish.Publish, Targets: publish.Targets{Org: "km.wuhua", Descendants: true}}
	for i := range n {
		pd.Interpretations = append(pd.Interpretations, publish.InterpretationDraft{Form: publish.TextInterpretation,
			Title: "解读" + string(rune('一'+i)), Body: publish.Body{Format: "markdown", Text: "**为什么**要推进基层政务公开标准化？"}})
	}
	return pd
}

func (w *pubWorld) count(table string) int {
	n, err := w.env.DB.NewSelect().TableExpr(table).Count(w.ctx)
	if err != nil {
		w.t.Fatal(err)
	}
	return int(n)
}

func TestAPolicyWithoutAnInterpretationIsRefusedAtSubmission(t *testing.T) {
	w := newPubWorld(t, pubOpts{noWorkers: true})
	w.setCover()
	_, _, err := w.pub.SubmitPolicy(w.ctx, w.operator, policyDraft(0))
	if keys := publish.Problems(err); len(keys) != 1 || keys[0] != "policy.interpretation_required" {
		t.Fatalf("a policy without an interpretation: %v (%v), want refused for want of one", err, keys)
	}
	if msg := govmedia.ErrorMessage(govmedia.Chinese, err); !strings.Contains(msg, "政策文件·解读材料：政策文件须同时附至少一篇解读材料") {
		t.Errorf("the refusal reads %q", msg)
	}
	_, _, err = w.pub.SubmitPolicy(w.ctx, w.operator, policyDraft(8))
	if keys := publish.Problems(err); len(keys) != 1 || keys[0] != "policy.too_many_interpretations" {
		t.Fatalf("a policy with eight interpretations: %v, want refused: a draft holds eight articles", err)
	}
	for _, table := range []string{"publications", "policies", "applications"} {
		if n := w.count(table); n != 0 {
			t.Errorf("%d rows in %s after refusals, want none", n, table)
		}
	}
	if _, _, err := w.pub.SubmitPolicy(w.ctx, w.operator, policyDraft(7)); err != nil {
		t.Fatalf("a policy with seven interpretations: %v", err)
	}
}

// Every problem of a draft is listed at once, each named by its part and
// field, and nothing is written.
func TestAPolicyDraftsProblemsAreListedTogether(t *testing.T) {
	w := newPubWorld(t, pubOpts{noWorkers: true})
	w.setCover()
	pd := policyDraft(2)
	pd.Title, pd.Number, pd.IssuedOn = "", "昆政办2020年32号", time.Now().AddDate(0, 1, 0)
	pd.Domains = append(pd.Domains, "astrology")
	pd.Interpretations[1].Form = publish.GraphicInterpretation
	pd.Attachments = []publish.AttachmentFile{{Name: "方案.exe", Data: []byte("MZ")}}
	pd.Interpretations[0].Body = publish.Body{Format: "docx", File: []byte("not a zip")}
	_, _, err := w.pub.SubmitPolicy(w.ctx, w.operator, pd)
	want := []string{"policy.title_required", "policy.number_shape", "policy.date_future", "policy.domain_unknown",
		"policy.attachment_type", "policy.docx_unreadable"}
	keys := publish.Problems(err)
	if strings.Join(keys, " ") != strings.Join(want, " ") {
		t.Fatalf("problems %v, want %v", keys, want)
	}
	msg := govmedia.ErrorMessage(govmedia.Chinese, err)
	for _, line := range []string{"政策文件·标题：标题不能为空", "政策文件·附件：附件“方案.exe”的类型不支持", "解读 1·正文：无法读取该 Word 文件"} {
		if !strings.Contains(msg, line) {
			t.Errorf("the refusal lacks %q:\n%s", line, msg)
		}
	}
	pd = policyDraft(2)
	pd.Interpretations[1].Form = publish.GraphicInterpretation
	if keys := publish.Problems(func() error { _, _, err := w.pub.SubmitPolicy(w.ctx, w.operator, pd); return err }()); len(keys) != 1 || keys[0] != "policy.picture_required" {
		t.Fatalf("a graphic without a picture: %v", keys)
	}
	if n := w.count("publications"); n != 0 {
		t.Errorf("%d publications written by refused drafts", n)
	}
}

func TestADocumentNumberIsTakenOnce(t *testing.T) {
	w := newPubWorld(t, pubOpts{noWorkers: true})
	w.setCover()
	if _, _, err := w.pub.SubmitPolicy(w.ctx, w.operator, policyDraft(1)); err != nil {
		t.Fatal(err)
	}
	pd := policyDraft(1)
	pd.Number = "昆政办〔2020〕32号"
	_, _, err := w.pub.SubmitPolicy(w.ctx, w.operator, pd)
	if keys := publish.Problems(err); len(keys) != 1 || keys[0] != "policy.number_taken" {
		t.Fatalf("the same number twice: %v", err)
	}
}

// TestAPolicyWithTwoInterpretationsIsOneDraftOfThreeArticles: one
// application for the policy and its interpretations, and once approved
// one draft per account, the policy first, published once.
func TestAPolicyWithTwoInterpretationsIsOneDraftOfThreeArticles(t *testing.T) {
	w := newPubWorld(t, pubOpts{})
	w.setCover()
	accounts := w.addAccounts(2, "km.wuhua.dept.edu")
	accounts = append(accounts, w.addAccounts(1, "km.wuhua.huashan")...)
	w.addAccounts(1, "km.xishan.dept.edu") // outside the targets
	docx, err := os.ReadFile("testdata/policy-libreoffice.docx")
	if err != nil {
		t.Fatal(err)
	}
	pd := policyDraft(2)
	pd.Body = publish.Body{Format: "docx", File: docx}
	pd.Interpretations[1] = publish.InterpretationDraft{Form: publish.GraphicInterpretation, Title: "一图读懂基层政务公开标准化",
		Body: publish.Body{Format: "html", Text: `<p>图解</p><img src="图解.jpg">`, Images: map[string][]byte{"图解.jpg": testJPEG()}}}
	pol, app, err := w.pub.SubmitPolicy(w.ctx, w.operator, pd)
	if err != nil {
		t.Fatal(err)
	}
	var apps int64
	apps, _ = w.env.DB.NewSelect().Table("applications").Where("subject_kind = ? AND subject_id = ?", publish.PublicationKind, pol.PublicationID).Count(w.ctx)
	if apps != 1 || app.Action != publish.PolicyKind || pol.Number != "昆政办〔2020〕32号" {
		t.Fatalf("%d applications (action %q) for the policy numbered %s; want one", apps, app.Action, pol.Number)
	}
	if _, err := w.engine.Decide(w.ctx, w.approver, app.PendingStep().ID, approvals.Approve, ""); err != nil {
		t.Fatal(err)
	}
	w.waitDone(pol.PublicationID, 60*time.Second)
	w.exactlyOnce(accounts, publish.Publish)
	stored, _ := w.pub.Publication(w.ctx, pol.PublicationID)
	if d := stored.Articles[0].Digest; d != "昆政办〔2020〕32号 昆明市人民政府办公室 2020年6月1日" {
		t.Errorf("the policy's digest is %q, want its number, issuer and date", d)
	}
	titles := []string{"昆明市基层政务公开标准化规范化工作实施方案", "解读一", "一图读懂基层政务公开标准化"}
	list, _ := w.pub.Deliveries(w.ctx, pol.PublicationID)
	if len(list) != len(accounts) {
		t.Fatalf("%d deliveries, want one per account of the district (%d)", len(list), len(accounts))
	}
	for _, d := range list {
		appID := w.appIDOf(d.AccountID)
		// The stand-in, as WeChat, removes a draft once it is published:
		// its articles are those of the article published from it.
		published, ok := w.wx.Published(appID, d.ArticleID)
		if !ok || len(published) != 3 {
			t.Fatalf("%s: %d articles published from its draft; want 3", d.Account.Name, len(published))
		}
		for i, a := range published {
			if a.Title != titles[i] {
				t.Errorf("%s: article %d is %q, want %q", d.Account.Name, i, a.Title, titles[i])
			}
		}
		if !strings.Contains(published[0].Content, `<td rowspan="2">义务教育</td>`) || !strings.Contains(published[2].Content, "<img") {
			t.Errorf("%s: the articles as published:\n%+v", d.Account.Name, published)
		}
	}
}

func (w *pubWorld) setCover() {
	if err := w.pub.SetDefaultCover(context.Background(), "km", testJPEG(), "cover.jpg"); err != nil {
		w.t.Fatal(err)
	}
}

func (w *pubWorld) appIDOf(accountID int64) string {
	for _, a := range w.accounts {
		if a.id == accountID {
			return a.creds.AppID
		}
	}
	w.t.Fatalf("no account %d", accountID)
	return ""
}

// A returned policy is revised as a whole: its interpretations and
// attachments replaced with the policy, its application back in review,
// and a notice's revision cannot replace it piecemeal.
func TestAReturnedPolicyIsRevisedWithItsInterpretations(t *testing.T) {
	w := newPubWorld(t, pubOpts{noWorkers: true})
	w.setCover()
	pd := policyDraft(2)
	pd.Attachments = []publish.AttachmentFile{{Name: "附件.pdf", Data: []byte("%PDF")}}
	pol, app, err := w.pub.SubmitPolicy(w.ctx, w.operator, pd)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.engine.Decide(w.ctx, w.approver, app.PendingStep().ID, approvals.Return, "请补充问答解读"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := w.pub.Resubmit(w.ctx, w.operator, app.ID, publish.Draft{Mode: publish.Publish, Targets: pd.Targets,
		Articles: []publish.DraftArticle{{Title: "替换", Body: "正文", Format: "text"}}}); govmedia.ErrorCode(err) != govmedia.EINVALID {
		t.Fatalf("a notice's revision over a policy: %v, want refused", err)
	}
	pd = policyDraft(3)
	pd.Interpretations[2] = publish.InterpretationDraft{Form: publish.QAInterpretation, Title: "问答", Body: publish.Body{Format: "text", Text: "问：何时？答：即日。"}}
	if _, app, err = w.pub.ResubmitPolicy(w.ctx, w.operator, app.ID, pd); err != nil {
		t.Fatal(err)
	}
	got, err := w.pub.PolicyOf(w.ctx, pol.PublicationID)
	if err != nil || len(got.Interpretations) != 3 || got.Interpretations[2].Form != publish.QAInterpretation ||
		len(got.Attachments) != 0 || len(got.Publication.Articles) != 4 || app.State != approvals.Pending {
		t.Fatalf("the revision: %+v (%v), application %s; want three interpretations, no attachment, four articles, in review", got, err, app.State)
	}
}
