package bot

import (
	"context"
	"fmt"

	"github.com/riverqueue/river"
	"github.com/uptrace/bun"

	"govmedia/citizens"
	"govmedia/registry"
)

// Citizens' questions reach the chat of the unit answering them as cards;
// what happens to a question afterwards (a follow-up, a reply sent or
// refused, a reminder, an escalation) is queued, in the transaction that
// made it so, as jobs that edit the cards and tell the people concerned.

// questionCardArgs posts a question's card to the chats of its unit.
type questionCardArgs struct {
	QuestionID int64  `json:"question_id"`
	Org        string `json:"org"` // the unit answering it when it was queued
}

// Kind names the job.
func (questionCardArgs) Kind() string { return "bot.question_card" }

// questionRefreshArgs redraws the cards of a question.
type questionRefreshArgs struct {
	QuestionID int64  `json:"question_id"`
	Org        string `json:"org"` // the unit answering it when it was queued
}

// Kind names the job.
func (questionRefreshArgs) Kind() string { return "bot.question_refresh" }

// questionNoteArgs tells one chat something about a question: a
// follow-up, a reminder, an escalation, how a reply went.
type questionNoteArgs struct {
	QuestionID int64  `json:"question_id"`
	ChatID     int64  `json:"chat_id"`
	Org        string `json:"org"` // the unit whose people read the chat
	Note       string `json:"note"`
	MessageID  int64  `json:"message_id,omitempty"`
	Reason     string `json:"reason,omitempty"` // refused: the text key of why
	Code       int64  `json:"code,omitempty"`
}

// Kind names the job.
func (questionNoteArgs) Kind() string { return "bot.question_note" }

// listenCitizens has the bot hear the citizens service's events and work
// their jobs.
func (b *Bot) listenCitizens() {
	if b.cit == nil {
		return
	}
	b.cit.Listen(b.onQuestionEvent)
	river.AddWorker(b.queue.Workers, river.WorkFunc(func(ctx context.Context, j *river.Job[questionCardArgs]) error {
		return b.jobError(b.postQuestionCards(withHold(ctx, jobHold), j.Args.QuestionID, j.Args.Org))
	}))
	river.AddWorker(b.queue.Workers, river.WorkFunc(func(ctx context.Context, j *river.Job[questionRefreshArgs]) error {
		return b.jobError(b.refreshQuestionCards(ctx, j.Args.QuestionID, j.Args.Org))
	}))
	river.AddWorker(b.queue.Workers, river.WorkFunc(func(ctx context.Context, j *river.Job[questionNoteArgs]) error {
		return b.jobError(b.sendQuestionNote(withHold(ctx, jobHold), j.Args))
	}))
}

// onQuestionEvent queues, inside the event's transaction, what the chats
// must be shown: the card for a new (or handed over) question, redrawn
// cards, and notes. It reads through tx only.
func (b *Bot) onQuestionEvent(ctx context.Context, tx bun.Tx, ev citizens.Event) error {
	q := ev.Question
	jobs := []river.JobArgs{questionRefreshArgs{QuestionID: q.ID, Org: q.OrgCode}}
	switch ev.Kind {
	case "asked", "handed_over":
		jobs = append(jobs, questionCardArgs{QuestionID: q.ID, Org: q.OrgCode})
	case "followup", "reminder":
		notes, err := b.unitNotes(ctx, tx, q.OrgCode, questionNoteArgs{QuestionID: q.ID, Note: ev.Kind, MessageID: messageID(ev)})
		if err != nil {
			return err
		}
		jobs = append(jobs, notes...)
	case "escalated":
		office, err := citizens.RaisedWith(ctx, tx, q)
		if err != nil || office == "" {
			return err
		}
		notes, err := b.unitNotes(ctx, tx, office, questionNoteArgs{QuestionID: q.ID, Note: ev.Kind})
		if err != nil {
			return err
		}
		jobs = append(jobs, notes...)
	case "sent", "refused":
		if chat := authorChat(ev.Message); chat != 0 {
			jobs = append(jobs, questionNoteArgs{QuestionID: q.ID, ChatID: chat, Org: q.OrgCode, Note: ev.Kind,
				MessageID: messageID(ev), Reason: ev.Reason, Code: ev.Code})
		}
	}
	for _, j := range jobs {
		if err := b.queue.InsertTx(ctx, tx, j, nil); err != nil {
			return err
		}
	}
	return nil
}

func messageID(ev citizens.Event) int64 {
	if ev.Message == nil {
		return 0
	}
	return ev.Message.ID
}

// unitNotes are a note for each chat of a unit.
func (b *Bot) unitNotes(ctx context.Context, db bun.IDB, org string, note questionNoteArgs) ([]river.JobArgs, error) {
	chats, err := b.unitChats(ctx, db, org)
	jobs := make([]river.JobArgs, len(chats))
	for i, chat := range chats {
		n := note
		n.ChatID, n.Org = chat, org
		jobs[i] = n
	}
	return jobs, err
}

// unitChats are where a unit hears of its citizens' questions: its group
// (bound with /bindgroup), or, without one, the private chats of its
// operators and admins.
func (b *Bot) unitChats(ctx context.Context, db bun.IDB, org string) ([]int64, error) {
	if chat := b.reviewChatOf(ctx, db, org); chat != 0 {
		return []int64{chat}, nil
	}
	members, err := registry.MembersWithRole(ctx, db, org, registry.Operator, registry.Admin)
	chats := make([]int64, len(members))
	for i, m := range members {
		chats[i] = m.TelegramUserID
	}
	return chats, err
}

// authorChat is the private chat of the member who wrote a reply, from its
// author as the audit log writes it ("member:12 tg:34 张三"); 0 when it
// was written elsewhere (the command line).
func authorChat(m *citizens.Message) int64 {
	if m == nil {
		return 0
	}
	var member, tg int64
	if n, _ := fmt.Sscanf(m.Author, "member:%d tg:%d", &member, &tg); n != 2 {
		return 0
	}
	return tg
}
