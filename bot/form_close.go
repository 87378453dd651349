package bot

import (
	"fmt"
	"strconv"

	"govmedia"
	"govmedia/approvals"
	"govmedia/registry"
)

// closeForm holds the answers of a close form.
type closeForm struct {
	AccountID   int64  `json:"account_id"`
	Reason      string `json:"reason,omitempty"`
	SuccessorID int64  `json:"successor_id,omitempty"`
	NoticeDays  int    `json:"notice_days,omitempty"`
}

func (c *closeForm) value(field string) string {
	switch field {
	case "close_reason":
		return c.Reason
	case "notice_days":
		if c.NoticeDays > 0 {
			return strconv.Itoa(c.NoticeDays)
		}
	}
	return ""
}

func init() {
	formKinds["close"] = &formKind{
		steps: func(*request, *form) []string { return []string{"reason", "successor", "notice_days"} },
		defs: map[string]stepDef{
			"reason": {prompt: ask("close_reason"), label: "field.close_reason", accept: acceptText(300, true, func(f *form) *string { return &f.Close.Reason })},
			"successor": {prompt: ask("successor"), label: "field.successor", options: successorOptions, accept: func(r *request, f *form, a answer) error {
				f.Close.SuccessorID, _ = strconv.ParseInt(a.Text, 10, 64)
				return nil
			}},
			"notice_days": {prompt: ask("notice_days"), label: "field.notice_days", options: noticeOptions, typed: true, accept: acceptNoticeDays},
		},
		summary: closeSummary,
		finish:  finishClose,
	}
}

// successorOptions are "none" and the org's other open accounts.
func successorOptions(r *request, f *form) []option {
	out := []option{{"0", govmedia.Print(r.lang, "bot.close.no_successor")}}
	page, err := r.reg.Search(r.ctx, registry.DirectoryQuery{Org: r.member.OrgCode, Limit: 20,
		States: []registry.State{registry.Approved, registry.Active}})
	if err != nil {
		return out
	}
	for _, a := range page.Accounts {
		if a.ID != f.Close.AccountID && a.HostOrg == r.member.OrgCode {
			out = append(out, option{fmt.Sprint(a.ID), a.Name})
		}
	}
	return out
}

func noticeOptions(r *request, _ *form) []option {
	var out []option
	for _, d := range []string{"30", "15", "60", "90"} {
		out = append(out, option{d, govmedia.Print(r.lang, "bot.close.days", "days", d)})
	}
	return out
}

func acceptNoticeDays(r *request, f *form, a answer) error {
	n, err := strconv.Atoi(a.Text)
	if err != nil || n < 0 || n > 180 {
		return govmedia.Errorf(govmedia.EINVALID, "close.notice_days_range")
	}
	f.Close.NoticeDays = n
	return nil
}

func (c *closeForm) closure() registry.Closure {
	return registry.Closure{Reason: c.Reason, SuccessorID: c.SuccessorID, NoticeDays: c.NoticeDays}
}

func closeSummary(r *request, f *form) (string, error) {
	a, err := r.reg.Account(r.ctx, f.Close.AccountID)
	if err != nil {
		return "", err
	}
	cl := f.Close.closure()
	return tr(r.lang, "bot.form.summary_close", "account", a.Label(r.lang)) + "\n" + r.closureLines(r.ctx, &cl, r.lang), nil
}

func finishClose(r *request, f *form) error {
	cl := f.Close.closure()
	if f.ApplicationID != 0 {
		return r.resubmit(f, approvals.Revision{Closure: &cl})
	}
	app, err := r.engine.SubmitClose(r.ctx, r.member, f.Close.AccountID, cl)
	if err != nil {
		return err
	}
	r.say(tr(r.lang, "bot.submitted", "id", app.ID, "office", r.officeName(r.ctx, app.PendingStep().OfficeOrg)), nil)
	return nil
}
