package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/registry"
	"govmedia/registry/registrytest"
)

// activeAccount makes an active account of org.
func (w *world) activeAccount(org, name string) *registry.Account {
	w.t.Helper()
	f := registrytest.WeChat(name)
	f.SecondAccountReason = "合并前分设"
	a, err := w.env.Registry.CreateAccount(context.Background(), w.env.DB, org, f, registry.Active,
		registry.Change{Actor: govmedia.Operator("test"), Action: "account.import"})
	if err != nil {
		w.t.Fatal(err)
	}
	return a
}

// TestAnAccountClosesByItselfAtTheEndOfItsNotice starts an account's
// closing notice and lets its day pass: the closing job closes it with no
// one running a command, the host unit is told, and /account says it was
// the unit's account, since when it is closed and who took over.
func TestAnAccountClosesByItselfAtTheEndOfItsNotice(t *testing.T) {
	t.Parallel()
	w := newWorld(t, worldOpts{closeEvery: 100 * time.Millisecond})
	ctx := context.Background()
	w.say(w.operator, "/help") // the bot may write to those who wrote to it
	w.expect(w.operator.id, "运营人员")
	old, next := w.activeAccount("km.wuhua.dept.edu", "五华教育旧号"), w.activeAccount("km.wuhua.dept.edu", "五华教育新号")
	err := w.env.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		return w.env.Registry.StartClosing(ctx, tx, old.ID, old.Version, registry.Closure{Reason: "合并", SuccessorID: next.ID, NoticeDays: 1},
			registry.Change{Actor: govmedia.Operator("test"), Action: "account.close"})
	})
	if err != nil {
		t.Fatal(err)
	}
	w.env.Clock.Advance(25 * time.Hour)
	note := w.expect(w.operator.id, "关停公告期已满")
	closedAt := govmedia.FormatTime(time.Date(2026, 11, 24, 9, 0, 0, 0, govmedia.ChinaTime))
	if !strings.Contains(note.Text, "五华教育旧号") || !strings.Contains(note.Text, closedAt) || !strings.Contains(note.Text, "承接账号：五华教育新号") {
		t.Fatalf("the host unit was told:\n%s", note.Text)
	}
	if a, err := w.env.Registry.Account(ctx, old.ID); err != nil || a.State != registry.Closed {
		t.Fatalf("the account is %v (%v), want closed", a.State, err)
	}
	w.say(w.reviewer, "/account 五华教育旧号")
	view := w.expect(w.reviewer.id, "五华教育旧号（微信公众号） · 已关停")
	for _, want := range []string{"该账号原为五华区教育体育局的政务新媒体账号，已于 " + closedAt + " 关停", "承接账号：五华教育新号（微信公众号）",
		"公告期满，关停 · 系统自动处理"} {
		if !strings.Contains(view.Text, want) {
			t.Errorf("/account lacks %q:\n%s", want, view.Text)
		}
	}
	if strings.Contains(view.Text, "account.") || strings.Contains(view.Text, "system") {
		t.Errorf("/account shows raw codes:\n%s", view.Text)
	}
}
