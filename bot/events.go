package bot

import (
	"context"

	"github.com/riverqueue/river"
	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/approvals"
	"govmedia/registry"
)

// onEvent queues, inside the transaction that moved an application, what
// people must be told: a card for the office now holding it, redrawn
// cards, and a word to the applicant.
func (b *Bot) onEvent(ctx context.Context, tx bun.Tx, ev approvals.Event) error {
	app := ev.Application
	var jobs []river.JobArgs
	if s := app.PendingStep(); s != nil && (ev.Kind == "submitted" || ev.Kind == "resubmitted" || ev.Kind == "step_approved") {
		jobs = append(jobs, cardArgs{ApplicationID: app.ID, StepID: s.ID})
	}
	jobs = append(jobs, refreshArgs{ApplicationID: app.ID})
	if note := b.applicantNote(ctx, tx, ev); note != nil {
		jobs = append(jobs, *note)
	}
	for _, j := range jobs {
		if err := b.queue.InsertTx(ctx, tx, j, nil); err != nil {
			return err
		}
	}
	return nil
}

// applicantNote is what the applicant is told about an event, if anything.
// It reads through the event's transaction only: the decision holds its
// connection and row locks, and a read through the pool would wait for a
// second connection, for ever once every connection is held by a decision.
func (b *Bot) applicantNote(ctx context.Context, tx bun.Tx, ev approvals.Event) *notifyArgs {
	if ev.Kind == "submitted" || ev.Kind == "withdrawn" {
		return nil
	}
	applicant, err := registry.MemberByID(ctx, tx, ev.Application.ApplicantID)
	if err != nil {
		return nil
	}
	lang := applicant.Lang()
	args := []any{"id", ev.Application.ID, "action", govmedia.Text("action." + ev.Application.Action)}
	if ev.Step != nil {
		args = append(args, "office", officeNameIn(ctx, tx, ev.Step.OfficeOrg), "reason", ev.Step.Reason)
	}
	if next := ev.Application.PendingStep(); next != nil {
		args = append(args, "next", officeNameIn(ctx, tx, next.OfficeOrg))
	}
	text := tr(lang, "bot.note."+ev.Kind, args...)
	if ev.Kind == "approved" && ev.Application.Action == approvals.OpenAccount {
		text += "\n" + tr(lang, "bot.note.bind_next")
	}
	return &notifyArgs{ChatID: applicant.TelegramUserID, Text: text}
}

// officeNameIn names an office, read through the event's transaction.
func officeNameIn(ctx context.Context, tx bun.IDB, code string) string {
	o, err := registry.OrgByCode(ctx, tx, code)
	if err != nil {
		return code
	}
	return o.Name
}
