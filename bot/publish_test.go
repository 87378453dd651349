package bot_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"log/slog"
	"strings"
	"testing"
	"time"

	"govmedia"
	"govmedia/approvals"
	"govmedia/catalog"
	"govmedia/citizens"
	"govmedia/oversight"
	"govmedia/postgres"
	"govmedia/publish"
	"govmedia/publish/wechattest"
	"govmedia/registry"
	"govmedia/registry/registrytest"
	"govmedia/wechat"
)

// TestAnOperatorPublishesToTheDistrictsAccounts walks /publish through
// review to delivery, and watches the card count the deliveries. It sets
// the WeChat client's process-wide settings, so it does not run in parallel.
func TestAnOperatorPublishesToTheDistrictsAccounts(t *testing.T) {
	w := newPublishingWorld(t)
	wx := w.wx
	w.say(w.operator, "/publish")
	w.expect(w.operator.id, "文章标题")
	w.say(w.operator, "关于冬季校园安全的通知")
	w.expect(w.operator.id, "请发送正文")
	w.say(w.operator, "各学校：\n\n请做好冬季校园安全工作。")
	w.expect(w.operator.id, "封面图片")
	w.say(w.operator, "-")
	w.press(w.operator, w.operator.id, "本政府及下级")
	w.press(w.operator, w.operator.id, "发布（显示")
	summary := w.expect(w.operator.id, "将发送给 2 个运营中的公众号")
	if !strings.Contains(summary.Text, "封面：本单位默认封面") {
		t.Fatalf("summary:\n%s", summary.Text)
	}
	w.press(w.operator, w.operator.id, "✅ 提交")
	w.expect(w.operator.id, "现由五华区人民政府办公室审核")
	card := w.expectCard(w.wuhuaGroup, "发布申请")
	if !strings.Contains(card.Text, "《关于冬季校园安全的通知》") {
		t.Fatalf("the review card lacks the article:\n%s", card.Text)
	}
	w.press(w.reviewer, w.wuhuaGroup, "同意")
	w.expect(w.wuhuaGroup, "已送达 2 / 2，失败 0")
	for _, name := range []string{"五华教育", "华山街道"} {
		if c := wx.Counts(w.appIDs[name]); c.DraftsAdded != 1 || c.PublishesSubmitted != 1 {
			t.Errorf("%s: %+v, want one draft and one publish", name, c)
		}
	}
}

// TestAReturnedPublicationIsRevisedInChat returns a publication, has its
// author keep the title and cover and replace the body, and delivers the
// revision.
func TestAReturnedPublicationIsRevisedInChat(t *testing.T) {
	w := newPublishingWorld(t)
	wx := w.wx
	w.submitReturned(t, "本政府及下级", "发布（显示")
	w.reviseWithANewBody("本政府及下级", "发布（显示")
	summary := w.expect(w.operator.id, "封面：保留原封面")
	for _, want := range []string{"关于冬季供暖的通知", "正文 20 字", "将发送给 2 个运营中的公众号"} {
		if !strings.Contains(summary.Text, want) {
			t.Fatalf("the revision's summary lacks %q:\n%s", want, summary.Text)
		}
	}
	w.press(w.operator, w.operator.id, "✅ 提交")
	w.expect(w.operator.id, "已重新提交")
	w.expectCard(w.wuhuaGroup, "⏳ 五华区人民政府办公室")
	w.press(w.reviewer, w.wuhuaGroup, "同意")
	w.expect(w.wuhuaGroup, "已送达 2 / 2，失败 0")
	for name, appID := range w.appIDs {
		if c := wx.Counts(appID); c.DraftsAdded != 1 || c.PublishesSubmitted != 1 {
			t.Errorf("%s: %+v, want one draft and one publish, of the revision", name, c)
		}
	}
	list, err := w.pub.Deliveries(context.Background(), w.lastPublication(t))
	if err != nil || len(list) != 2 {
		t.Fatalf("deliveries %v, %v", list, err)
	}
	for _, d := range list {
		arts, ok := wx.Published(w.appIDs[d.Account.Name], d.ArticleID)
		if !ok || arts[0].Title != "关于冬季供暖的通知" || !strings.Contains(arts[0].Content, "11月15日") || strings.Contains(arts[0].Content, "初稿") {
			t.Errorf("%s published %+v; want the kept title with the new body", d.Account.Name, arts)
		}
	}
}

// submitReturned has the operator submit a notice in chat, with the
// targets and mode buttons given, and the reviewer return it.
func (w *publishingWorld) submitReturned(t *testing.T, targets, mode string) {
	w.say(w.operator, "/publish")
	w.say(w.operator, "关于冬季供暖的通知")
	w.say(w.operator, "初稿正文")
	w.say(w.operator, "-")
	w.press(w.operator, w.operator.id, targets)
	w.press(w.operator, w.operator.id, mode)
	w.expect(w.operator.id, "正文 4 字")
	w.press(w.operator, w.operator.id, "✅ 提交")
	w.expectCard(w.wuhuaGroup, "《关于冬季供暖的通知》")
	w.press(w.reviewer, w.wuhuaGroup, "退回")
	prompt := w.expect(w.wuhuaGroup, "说明退回理由")
	if _, err := w.tg.Reply(w.wuhuaGroup, w.reviewer.id, prompt.MessageID, "正文请写明供暖起止日期"); err != nil {
		t.Fatal(err)
	}
	w.expect(w.operator.id, "理由：正文请写明供暖起止日期")
}

// reviseWithANewBody has the operator revise the returned notice from /my:
// title and cover kept, a new body, and the targets and mode buttons given.
func (w *publishingWorld) reviseWithANewBody(targets, mode string) {
	w.say(w.operator, "/my")
	w.press(w.operator, w.operator.id, "✏️ 修改 #")
	w.expect(w.operator.id, "修改发布申请")
	w.press(w.operator, w.operator.id, "保留原标题")
	w.say(w.operator, "供暖时间为11月15日至次年3月15日。")
	w.press(w.operator, w.operator.id, "保留原封面")
	w.press(w.operator, w.operator.id, targets)
	w.press(w.operator, w.operator.id, mode)
}

// A revision may keep the returned publication's targets and mode, not
// only its title, body and cover.
func TestARevisionKeepsTargetsAndMode(t *testing.T) {
	w := newPublishingWorld(t)
	w.submitReturned(t, "仅本单位", "群发（推送")
	w.reviseWithANewBody("保持原发布范围", "保持原方式")
	summary := w.expect(w.operator.id, "封面：保留原封面")
	for _, want := range []string{"将发送给 1 个运营中的公众号", "群发（推送"} {
		if !strings.Contains(summary.Text, want) {
			t.Fatalf("the revision's summary lacks %q:\n%s", want, summary.Text)
		}
	}
	w.press(w.operator, w.operator.id, "✅ 提交")
	w.expect(w.operator.id, "已重新提交")
	pub, err := w.pub.Publication(context.Background(), w.lastPublication(t))
	if err != nil || pub.Mode != publish.Broadcast || pub.Targets.Org != "km.wuhua.dept.edu" || pub.Targets.Descendants {
		t.Fatalf("revised publication: mode %q, targets %+v (%v); want broadcast to the operator's unit only, as before", pub.Mode, pub.Targets, err)
	}
}

// publishingWorld is a world whose bot publishes, with two active WeChat
// accounts in the Wuhua district.
type publishingWorld struct {
	*world
	pub    *publish.Publisher
	cat    *catalog.Catalog
	cit    *citizens.Citizens
	wx     *wechattest.Server
	appIDs map[string]string
	over   *oversight.Oversight
}

func (w *publishingWorld) lastPublication(t *testing.T) int64 {
	var id int64
	if err := w.env.DB.NewRaw("SELECT max(id) FROM publications").Scan(context.Background(), &id); err != nil {
		t.Fatal(err)
	}
	return id
}

// newPublishingWorld starts a WeChat stand-in and points the WeChat client's
// process-wide settings at it: its tests do not run in parallel.
func newPublishingWorld(t testing.TB) *publishingWorld {
	return newPublishingWorldWith(t, worldOpts{})
}

// newPublishingWorldWith is newPublishingWorld with more of the world's
// options (those about publishing are its own).
func newPublishingWorldWith(t testing.TB, opts worldOpts) *publishingWorld {
	wx := wechattest.New(wechattest.Options{PublishDelay: 20 * time.Millisecond})
	if err := wechat.Configure(wx.Start(t), 5*time.Second); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = wechat.Configure("", 0) })
	env := registrytest.New(t)
	q, err := postgres.NewQueue(env.DB)
	if err != nil {
		t.Fatal(err)
	}
	engine := approvals.New(env.DB.DB, env.Registry, env.Clock.Now, approvals.Options{})
	pub := publish.NewPublisher(env.DB.DB, env.Registry, engine, q, env.Box, nil, slog.Default(), publish.Tuning{PollEvery: 100 * time.Millisecond, SweepEvery: 200 * time.Millisecond})
	if err := pub.SetDefaultCover(context.Background(), "km", smallJPEG(), "cover.jpg"); err != nil {
		t.Fatal(err)
	}
	cat := catalog.New(env.DB.DB, env.Registry, engine, env.Clock.Now)
	cat.OnCurrent = pub.OnCatalogCurrent("https://gk.km.gov.cn")
	pw := &publishingWorld{pub: pub, wx: wx, cat: cat, appIDs: map[string]string{}}
	pw.addWeChat(t, env, "五华教育", "km.wuhua.dept.edu")
	pw.addWeChat(t, env, "华山街道", "km.wuhua.huashan")
	opts.publish, opts.catalog = pub, cat
	if opts.citizens == nil {
		opts.citizens = withWeChatMenus(t, env, cat, pub)
	}
	pw.cit = opts.citizens
	if opts.oversight == nil {
		opts.oversight = oversight.New(env.DB.DB, env.Registry, cat, opts.citizens, approvals.Calendar{StepDays: 3}, env.Clock.Now)
	}
	pw.over = opts.oversight
	pw.world = newWorldOn(t, env, engine, q, opts)
	return pw
}

// addWeChat makes an active WeChat account of org, with its credentials
// bound and registered on the stand-in.
func (w *publishingWorld) addWeChat(t testing.TB, env *registrytest.Env, name, org string) {
	t.Helper()
	i := len(w.appIDs)
	c := wechat.Credentials{AppID: fmt.Sprintf("wx00000000000b%04d", i+1), AppSecret: strings.Repeat("ab", 16), Token: "tok123"}
	f := registrytest.WeChat(name)
	f.OriginalID, f.AppID = fmt.Sprintf("gh_%012d", i+1), c.AppID
	acc, err := env.Registry.CreateAccount(context.Background(), env.DB, org, f, registry.Active, registry.Change{Actor: govmedia.Operator("t"), Action: "account.import"})
	if err != nil {
		t.Fatal(err)
	}
	c.AccountID = acc.ID
	if err := wechat.StoreCredentials(context.Background(), env.DB, env.Box, c, govmedia.Now()); err != nil {
		t.Fatal(err)
	}
	if err := w.wx.AddAccount(wechattest.Account{AppID: c.AppID, Secret: c.AppSecret, Kind: wechattest.Service, Verified: true}); err != nil {
		t.Fatal(err)
	}
	w.appIDs[name] = c.AppID
}

func smallJPEG() []byte {
	var buf bytes.Buffer
	_ = jpeg.Encode(&buf, image.NewGray(image.Rect(0, 0, 40, 20)), nil)
	return buf.Bytes()
}
