package bot_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"govmedia"
	"govmedia/approvals"
	"govmedia/bot/telegramtest"
	"govmedia/publish"
	"govmedia/registry"
	"govmedia/registry/registrytest"
)

// refusedSends are the bot's sends the stand-in refused, as Telegram would.
func (w *world) refusedSends() []telegramtest.Call {
	var out []telegramtest.Call
	for _, c := range w.tg.Calls("sendMessage", "editMessageText") {
		if !c.OK {
			out = append(out, c)
		}
	}
	return out
}

// TestMyWithManyAccountsFitsInOneMessage gives a unit 120 accounts with
// long names: /my lists them a page at a time in one message, each page
// within Telegram's 4,096 characters, and Telegram refuses nothing.
func TestMyWithManyAccountsFitsInOneMessage(t *testing.T) {
	t.Parallel()
	w := newWorld(t, worldOpts{})
	ctx := context.Background()
	for i := range 120 {
		f := registrytest.WeChat(fmt.Sprintf("五华区教育体育局%03d号%s", i, strings.Repeat("长名称", 14)))
		f.SecondAccountReason = "按学段分设"
		if _, err := w.env.Registry.CreateAccount(ctx, w.env.DB, "km.wuhua.dept.edu", f, registry.Active,
			registry.Change{Actor: govmedia.Operator("test"), Action: "account.import"}); err != nil {
			t.Fatal(err)
		}
	}
	w.say(w.operator, "/my")
	w.press(w.operator, w.operator.id, "本单位的账号（120）")
	list := w.expect(w.operator.id, "第 1/12 页")
	w.press(w.operator, w.operator.id, "下一页")
	next := w.expect(w.operator.id, "第 2/12 页")
	if next.MessageID != list.MessageID || !strings.Contains(next.Text, "五华区教育体育局010号") {
		t.Fatalf("the next page is not the same message showing the next accounts:\n%s", next.Text)
	}
	if refused := w.refusedSends(); len(refused) > 0 {
		t.Fatalf("Telegram refused %d sends: %s", len(refused), refused[0].Description)
	}
}

// TestARefusedMessageIsToldToThePerson has Telegram refuse the answer to a
// command: the refusal is logged and the person is told the real cause.
func TestARefusedMessageIsToldToThePerson(t *testing.T) {
	t.Parallel()
	w := newWorld(t, worldOpts{})
	w.tg.Inject(telegramtest.Fault{Method: "sendMessage", ChatID: w.operator.id, Code: http.StatusBadRequest,
		Description: "Bad Request: message is too long"})
	w.say(w.operator, "/help")
	w.expect(w.operator.id, "这条消息未能发出：消息超过了 Telegram 的长度上限")
	if !strings.Contains(w.logs.String(), "telegram refused a message") {
		t.Fatalf("the refusal was not logged:\n%s", w.logs.String())
	}
}

// TestPermanentRefusalsAreNotRetried has Telegram refuse an applicant's
// notification for good (bad markup, then a blocked bot): the job is given
// up after its one attempt, not retried as a passing failure.
func TestPermanentRefusalsAreNotRetried(t *testing.T) {
	t.Parallel()
	w := newWorld(t, worldOpts{})
	ctx := context.Background()
	for _, block := range []bool{false, true} {
		app, err := w.engine.SubmitOpen(ctx, w.operator.member, registrytest.WeChat(fmt.Sprintf("五华教育%v", block)))
		if err != nil {
			t.Fatal(err)
		}
		if block {
			if err := w.tg.Block(w.operator.id); err != nil {
				t.Fatal(err)
			}
		} else {
			w.tg.Inject(telegramtest.Fault{Method: "sendMessage", ChatID: w.operator.id, Times: 5, Code: http.StatusBadRequest,
				Description: "Bad Request: can't parse entities: unexpected end tag"})
		}
		before := len(w.tg.Calls("sendMessage"))
		if _, err := w.engine.Decide(ctx, w.reviewer.member, app.PendingStep().ID, approvals.Approve, ""); err != nil {
			t.Fatal(err)
		}
		job := w.waitNotifyJobEnded(t, before)
		if job.state != "cancelled" || job.attempt != 1 {
			t.Fatalf("blocked=%v: the notification job ended %s after %d attempts, want cancelled after 1", block, job.state, job.attempt)
		}
	}
}

type jobEnd struct {
	state   string
	attempt int
}

// waitNotifyJobEnded waits for the newest notification job to end.
func (w *world) waitNotifyJobEnded(t *testing.T, _ int) jobEnd {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		var j jobEnd
		err := w.env.DB.NewRaw(`SELECT state, attempt FROM river_job WHERE kind = 'bot.notify' ORDER BY id DESC LIMIT 1`).Scan(context.Background(), &j.state, &j.attempt)
		if err == nil && (j.state == "cancelled" || j.state == "completed" || j.state == "discarded" || j.attempt > 1) {
			return j
		}
		if time.Now().After(deadline) {
			t.Fatalf("the notification job did not end: %+v %v", j, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestPublicationsListAnswersWithoutButtons lists a unit's publications
// when none has a failed delivery, so that no button goes under the list:
// the list still arrives (an empty keyboard is one Telegram refuses).
func TestPublicationsListAnswersWithoutButtons(t *testing.T) {
	w := newPublishingWorld(t)
	if _, _, err := w.pub.Submit(context.Background(), w.operator.member, publish.Draft{Mode: publish.Publish,
		Targets:  publish.Targets{Org: "km.wuhua.dept.edu"},
		Articles: []publish.DraftArticle{{Title: "冬季安全通知", Body: "正文", Format: "text"}}}); err != nil {
		t.Fatal(err)
	}
	w.say(w.operator, "/publications")
	w.expect(w.operator.id, "冬季安全通知")
	if refused := w.refusedSends(); len(refused) > 0 {
		t.Fatalf("Telegram refused %d sends: %s", len(refused), refused[0].Description)
	}
}
