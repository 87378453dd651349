package bot

import (
	"fmt"
	"strconv"

	"govmedia"
	"govmedia/approvals"
	"govmedia/registry"
)

func init() {
	formKinds["close"] = &formKind{
		steps: func(*request, *form) []string { return []string{"reason", "successor", "notice_days"} },
		defs: map[string]stepDef{
			"reason":      {prompt: ask("close_reason"), accept: acceptText("close_reason", 300)},
			"successor":   {prompt: ask("successor"), options: successorOptions, accept: setValue("successor")},
			"notice_days": {prompt: ask("notice_days"), options: noticeOptions, typed: true, accept: acceptNoticeDays},
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
		if a.ID != f.AccountID && a.HostOrg == r.member.OrgCode {
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

func acceptNoticeDays(r *request, f *form, v string) error {
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > 180 {
		return govmedia.Errorf(govmedia.EINVALID, "close.notice_days_range")
	}
	f.Values["notice_days"] = v
	return nil
}

func (r *request) closure(f *form) registry.Closure {
	days, _ := strconv.Atoi(f.Values["notice_days"])
	succ, _ := strconv.ParseInt(f.Values["successor"], 10, 64)
	return registry.Closure{Reason: f.Values["close_reason"], SuccessorID: succ, NoticeDays: days}
}

func closeSummary(r *request, f *form) (string, error) {
	a, err := r.reg.Account(r.ctx, f.AccountID)
	if err != nil {
		return "", err
	}
	cl := r.closure(f)
	return tr(r.lang, "bot.form.summary_close", "account", a.Label(r.lang)) + "\n" + r.closureLines(r.ctx, &cl, r.lang), nil
}

func finishClose(r *request, f *form) error {
	cl := r.closure(f)
	if f.ApplicationID != 0 {
		return r.resubmit(f, approvals.Revision{Closure: &cl})
	}
	app, err := r.engine.SubmitClose(r.ctx, r.member, f.AccountID, cl)
	if err != nil {
		return err
	}
	r.say(tr(r.lang, "bot.submitted", "id", app.ID, "office", r.officeName(r.ctx, app.PendingStep().OfficeOrg)), nil)
	return nil
}
