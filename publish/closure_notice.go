package publish

import (
	"context"
	"html"
	"strconv"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/approvals"
	"govmedia/audit"
	"govmedia/registry"
)

// ClosureNoticeKind is the kind of the publications that announce an
// account's closure to its followers (停更公告): the national rules ask a
// closing account to post one before it goes silent.
const ClosureNoticeKind = "closure_notice"

// announceClosure hears a close approved and, in the approval's
// transaction, submits the account's closure notice (with the account
// that takes over, if any), addressed to that account alone and sent to
// its followers once reviewed as any publication is. An account that
// cannot receive it (not a WeChat account, never bound) is noted in the
// audit log instead.
func (p *Publisher) announceClosure(ctx context.Context, tx bun.Tx, ev approvals.Event) error {
	app := ev.Application
	if ev.Kind != "approved" || app.SubjectKind != approvals.AccountKind || app.Action != approvals.CloseAccount {
		return nil
	}
	a, err := registry.AccountByID(ctx, tx, app.SubjectID)
	if err != nil {
		return err
	}
	applicant, err := registry.MemberByID(ctx, tx, app.ApplicantID)
	if err != nil {
		return err
	}
	t := Targets{Accounts: []int64{a.ID}, Closing: true}
	if found, err := resolve(ctx, tx, t); err != nil || len(found) == 0 || !found[0].HasSecrets {
		return firstErr(err, audit.Append(ctx, tx, p.now(), applicant.Actor(), "account", strconv.FormatInt(a.ID, 10),
			"account.closure_notice_not_published", map[string]any{"reason": "not a bound WeChat official account"}))
	}
	body, err := closureNoticeBody(ctx, tx, a)
	if err != nil {
		return err
	}
	art := DraftArticle{Title: govmedia.Print(govmedia.Chinese, "closure_notice.title"), Body: body, Format: "html"}
	if cover, _, err := defaultCover(ctx, tx, applicant.OrgCode); err != nil || len(cover) == 0 {
		art.Cover, art.CoverName = PlainCover(), "cover.jpg"
	}
	_, _, err = p.SubmitTx(ctx, tx, applicant, Draft{Kind: ClosureNoticeKind, Mode: Broadcast, Targets: t, Articles: []DraftArticle{art}})
	return err
}

// closureNoticeBody is the notice as offices write it: the account, the
// day it stops, where to follow on, the host unit and the date.
func closureNoticeBody(ctx context.Context, db bun.IDB, a *registry.Account) (string, error) {
	zh := govmedia.Chinese
	s := "<p>" + html.EscapeString(govmedia.Print(zh, "closure_notice.opening")) + "</p>" +
		"<p>" + html.EscapeString(govmedia.Print(zh, "closure_notice.body", "account", a.Name, "host", a.Host.Name,
		"date", officeDate(a.ClosingUntil))) + "</p>"
	if a.SuccessorID != 0 {
		next, err := registry.AccountByID(ctx, db, a.SuccessorID)
		if err != nil {
			return "", err
		}
		s += "<p>" + html.EscapeString(govmedia.Print(zh, "closure_notice.successor", "successor", next.Name)) + "</p>"
	}
	s += "<p>" + html.EscapeString(govmedia.Print(zh, "closure_notice.thanks")) + "</p>" +
		"<p>" + html.EscapeString(a.Host.Name) + "<br>" + officeDate(a.UpdatedAt) + "</p>"
	return s, nil
}

// officeDate is a day as offices write it: 2026年12月1日, China time.
func officeDate(t time.Time) string { return t.In(govmedia.ChinaTime).Format("2006年1月2日") }
