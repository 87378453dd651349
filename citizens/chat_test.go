package citizens_test

import (
	"slices"
	"testing"
	"time"

	"govmedia"
	"govmedia/citizens"
)

// TestAUnitsChatReadsItsQuestionsAndTheOfficeOnceRaised: the chat of the
// unit answering a question may read it; its government's office only
// once it is raised; another unit never.
func TestAUnitsChatReadsItsQuestionsAndTheOfficeOnceRaised(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	if _, err := w.cit.Message(w.ctx, w.acct, openid, "人工：路灯坏了", w.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	q := w.events.list[0].Question
	if got, err := w.cit.QuestionIn(w.ctx, "km.wuhua.dept.edu", q.ID); err != nil || got.Messages[0].Text != "人工：路灯坏了" {
		t.Fatalf("the unit's chat reading its question: %+v %v", got, err)
	}
	for _, org := range []string{"km.wuhua.office", "km.xishan.dept.edu"} {
		if _, err := w.cit.QuestionIn(w.ctx, org, q.ID); govmedia.ErrorCode(err) != govmedia.ENOTFOUND {
			t.Fatalf("%s reading before the question is raised: %v", org, err)
		}
	}
	if office, err := citizens.RaisedWith(w.ctx, w.DB, q); err != nil || office != "km.wuhua.office" {
		t.Fatalf("raised with %q %v, want the district's office", office, err)
	}
	w.Clock.Advance(q.EscalateAt.Sub(w.Clock.Now()) + time.Minute)
	if err := w.cit.RemindOverdue(w.ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := w.cit.QuestionIn(w.ctx, "km.wuhua.office", q.ID); err != nil {
		t.Fatalf("the office reading the question raised with it: %v", err)
	}
	if _, err := w.cit.QuestionIn(w.ctx, "km.xishan.dept.edu", q.ID); govmedia.ErrorCode(err) != govmedia.ENOTFOUND {
		t.Fatalf("another unit reading the raised question: %v", err)
	}
}

// TestAHandledQuestionIsNotActedOnAgain: closing a question is heard; a
// handled question can be neither replied to nor handed over, and MayAct
// says so before a form is begun.
func TestAHandledQuestionIsNotActedOnAgain(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	if _, err := w.cit.Message(w.ctx, w.acct, openid, "人工：已经解决了", w.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	q := w.events.list[0].Question
	if _, err := w.cit.MayReply(w.ctx, w.operator, q.ID); err != nil {
		t.Fatalf("an open question in the window: %v", err)
	}
	if _, err := w.cit.MayAct(w.ctx, w.outsider, q.ID); govmedia.ErrorCode(err) != govmedia.ENOTFOUND {
		t.Fatalf("another unit acting: %v", err)
	}
	if _, err := w.cit.Handle(w.ctx, w.operator, q.ID); err != nil {
		t.Fatal(err)
	}
	if kinds := w.events.kinds(); !slices.Equal(kinds, []string{"asked", "handled"}) {
		t.Fatalf("events %v, want the question asked and handled", kinds)
	}
	if _, err := w.cit.MayAct(w.ctx, w.operator, q.ID); govmedia.ErrorCode(err) != govmedia.ECONFLICT {
		t.Fatalf("acting on a handled question: %v", err)
	}
	if _, err := w.cit.HandOver(w.ctx, w.operator, q.ID, "km.wuhua.huashan"); govmedia.ErrorCode(err) != govmedia.ECONFLICT {
		t.Fatalf("handing over a handled question: %v", err)
	}
	if got, _ := w.cit.QuestionFor(w.ctx, w.operator, q.ID); got.State != citizens.Handled || got.OrgCode != "km.wuhua.dept.edu" {
		t.Fatalf("the handled question moved: %+v", got)
	}
}

// TestARefusalIsHeardWithWhyAndWeChatsCode: a reply WeChat refuses is
// heard with the text key of why and WeChat's errcode, for the operator's
// own language; the message keeps why in Chinese.
func TestARefusalIsHeardWithWhyAndWeChatsCode(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.sent.mu.Lock()
	w.sent.refuse = 45047
	w.sent.mu.Unlock()
	if _, err := w.cit.Message(w.ctx, w.acct, openid, "人工：请回复", w.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	q := w.events.list[0].Question
	if _, err := w.cit.Reply(w.ctx, w.operator, q.ID, "答复"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the refusal", func() bool { return slices.Contains(w.events.kinds(), "refused") })
	w.events.mu.Lock()
	ev := w.events.list[len(w.events.list)-1]
	w.events.mu.Unlock()
	if ev.Reason != "citizens.refused.too_many" || ev.Code != 45047 || ev.Message.Error != govmedia.Print(govmedia.Chinese, "citizens.refused.too_many") {
		t.Fatalf("the refusal heard: %q %d %q", ev.Reason, ev.Code, ev.Message.Error)
	}
}
