package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/bot"
	"govmedia/bot/telegramtest"
	"govmedia/publish/wechattest"
	"govmedia/registry"
	"govmedia/registry/registrytest"
	"govmedia/wechat"
)

// testBinder checks credentials against the WeChat stand-in and stores
// them sealed, as the service's binder does.
type testBinder struct{ box *govmedia.SecretBox }

func (b *testBinder) CheckWeChat(ctx context.Context, appID, secret string) error {
	return wechat.CheckCredentials(ctx, appID, secret)
}

func (b *testBinder) BindWeChat(ctx context.Context, tx bun.Tx, accountID int64, c bot.WeChatCredentials) error {
	return wechat.StoreCredentials(ctx, tx, b.box, wechat.Credentials{AccountID: accountID, AppID: c.AppID,
		AppSecret: c.AppSecret, Token: c.Token, EncodingAESKey: c.EncodingAESKey}, govmedia.Now())
}

// newBindingWorld is a publishing world whose bot binds WeChat
// credentials, Telegram taking a press's answer for answerWindow.
func newBindingWorld(t *testing.T, answerWindow time.Duration) *publishingWorld {
	b := &testBinder{}
	w := newPublishingWorldWith(t, worldOpts{wechat: b, tg: telegramtest.Options{CallbackAnswerWindow: answerWindow}})
	b.box = w.env.Box
	return w
}

const (
	newAppID  = "wx0000000000c00001"
	newSecret = "0123456789abcdef0123456789abcdef"
)

// approvedWeChat makes an approved WeChat account of the operator's unit,
// not bound yet, which the stand-in knows with newAppID and newSecret, as
// the platform does once the unit registered it there.
func (w *publishingWorld) approvedWeChat(t *testing.T, name string) *registry.Account {
	t.Helper()
	f := registrytest.WeChat(name)
	f.SecondAccountReason = "按学段分设"
	a, err := w.env.Registry.CreateAccount(context.Background(), w.env.DB, "km.wuhua.dept.edu", f, registry.Approved,
		registry.Change{Actor: govmedia.Operator("test"), Action: "account.import"})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.wx.AddAccount(wechattest.Account{AppID: newAppID, Secret: newSecret, Kind: wechattest.Subscription, Verified: true}); err != nil {
		t.Fatal(err)
	}
	return a
}

// bindInChat walks the bind form of the account from /my, up to its
// summary, with the secret given.
func (w *publishingWorld) bindInChat(p person, name, secret string) {
	w.t.Helper()
	w.scan.Secret("AppSecret typed in chat", secret)
	w.say(p, "/my")
	w.press(p, p.id, "本单位的账号")
	w.press(p, p.id, "绑定"+name)
	w.expect(p.id, "公众号原始ID")
	w.say(p, "gh_00000000c001")
	w.expect(p.id, "请输入 AppID")
	w.say(p, newAppID)
	w.expect(p.id, "请输入 AppSecret")
	w.say(p, secret)
	w.expect(p.id, "令牌 Token")
	w.say(p, "tok123")
	w.expect(p.id, "EncodingAESKey")
	w.say(p, "-")
	w.expect(p.id, "请核对")
}

// TestASlowCredentialsCheckAnswersThePressAtOnce has WeChat take longer
// to check the credentials than Telegram waits for the answer to a press:
// Submit is answered at once, saying the check is under way, and the
// result comes as a message.
func TestASlowCredentialsCheckAnswersThePressAtOnce(t *testing.T) {
	w := newBindingWorld(t, time.Second)
	a := w.approvedWeChat(t, "五华教育新号")
	w.wx.Inject(wechattest.Fault{AppID: newAppID, Path: "/cgi-bin/stable_token", Latency: 2 * time.Second})
	w.bindInChat(w.operator, "五华教育新号", newSecret)
	ans := w.press(w.operator, w.operator.id, "✅ 提交")
	if ans.ShowAlert || !strings.Contains(ans.Text, "正在向微信核验") {
		t.Fatalf("Submit was answered %q (alert %v); want at once, saying the check is under way", ans.Text, ans.ShowAlert)
	}
	w.expect(w.operator.id, "五华教育新号（微信公众号）已绑定，现为运营中")
	if got, err := w.env.Registry.Account(context.Background(), a.ID); err != nil || got.State != registry.Active {
		t.Fatalf("the account is %v (%v), want active", got.State, err)
	}
}

// TestARefusedBindSaysWhyAndGoesBackToTheField has WeChat refuse the
// secret: the reason comes as a message, not only in a toast long gone,
// and the summary's button for the secret takes the clerk back to it and
// straight on to the summary again.
func TestARefusedBindSaysWhyAndGoesBackToTheField(t *testing.T) {
	w := newBindingWorld(t, 0)
	w.approvedWeChat(t, "五华教育新号")
	w.bindInChat(w.operator, "五华教育新号", strings.Repeat("0", 32))
	w.press(w.operator, w.operator.id, "✅ 提交")
	w.expect(w.operator.id, "微信不认可 AppID "+newAppID+" 的 AppSecret")
	w.press(w.operator, w.operator.id, "✏️ AppSecret")
	asked := w.expect(w.operator.id, "请输入 AppSecret")
	w.say(w.operator, newSecret)
	summary := w.expectAfter(w.operator.id, "请核对", asked.MessageID)
	if !strings.Contains(summary.Text, newAppID) {
		t.Fatalf("the summary after the secret was typed again:\n%s", summary.Text)
	}
	w.press(w.operator, w.operator.id, "✅ 提交")
	w.expect(w.operator.id, "已绑定，现为运营中")
}
