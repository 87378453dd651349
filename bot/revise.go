package bot

import (
	"fmt"
	"strings"

	"govmedia/approvals"
	"govmedia/publish"
)

// onReviseButton starts editing a returned application, with its answers
// filled in.
func (r *request) onReviseButton(p []string) {
	app, err := r.engine.Application(r.ctx, id(p, 0))
	if err != nil || app.ApplicantID != r.member.ID || !r.revisable(app) {
		r.answer(tr(r.lang, "bot.stale_button"), true)
		return
	}
	if app.SubjectKind == publish.PublicationKind {
		r.revisePublication(app)
		return
	}
	req, err := app.Request()
	if err != nil {
		r.fail(err)
		return
	}
	r.answer("", false)
	f := &form{Kind: app.Action, ApplicationID: app.ID, AccountID: app.SubjectID, Values: map[string]string{}}
	switch {
	case req.Fields != nil:
		if app.Action == approvals.OpenAccount {
			f.Kind, f.AccountID = "change", 0
		}
		f.Values["platform"] = string(req.Fields.Platform)
		fillFromFields(f, req)
		var changed []string
		for _, c := range req.Changes {
			changed = append(changed, c.Field)
		}
		f.Values["changed"] = strings.Join(changed, ",")
		f.Step = "field"
		r.ask(f)
		return
	case req.Closure != nil:
		f.Values["close_reason"], f.Values["successor"] = req.Closure.Reason, fmt.Sprint(req.Closure.SuccessorID)
		f.Values["notice_days"] = fmt.Sprint(req.Closure.NoticeDays)
	}
	f.Step = confirmStep
	r.say(r.applicationLine(app), nil)
	r.ask(f)
}

// revisable tells whether the member's front end can revise a.
func (r *request) revisable(a *approvals.Application) bool {
	return a.State == approvals.Returned &&
		(a.SubjectKind == approvals.AccountKind || (a.SubjectKind == publish.PublicationKind && r.pub != nil))
}

// revisePublication walks the /publish form again for a returned
// publication, each answer offering to keep what was there.
func (r *request) revisePublication(app *approvals.Application) {
	pub, err := r.pub.Publication(r.ctx, app.SubjectID)
	if err != nil {
		r.fail(err)
		return
	}
	r.answer("", false)
	title := pub.Articles[0].Title
	r.say(tr(r.lang, "bot.publish.revising", "id", app.ID, "title", title), nil)
	r.startForm(&form{Kind: "publish", ApplicationID: app.ID, PublicationID: pub.ID,
		Values: map[string]string{"old_title": title, "old_mode": string(pub.Mode)}})
}

// fillFromFields puts an application's proposed fields into a form.
func fillFromFields(f *form, req *approvals.AccountRequest) {
	fl := req.Fields
	v := f.Values
	v["platform"], v["wechat_kind"], v["name"] = string(fl.Platform), string(fl.WeChatKind), fl.Name
	v["operating_unit"], v["person_in_charge"] = fl.OperatingUnit, fl.PersonInCharge
	v["second_account_reason"], v["phone"] = fl.SecondAccountReason, sealedPhone(fl.PhoneSealed)
	v["third_party"] = "no"
	if fl.ThirdParty {
		v["third_party"] = "yes"
	}
	f.Domains = append([]string(nil), fl.Domains...)
}

// resubmit sends a revised application back up its chain.
func (r *request) resubmit(f *form, rev approvals.Revision) error {
	app, err := r.engine.ResubmitAccount(r.ctx, r.member, f.ApplicationID, rev)
	if err != nil {
		return err
	}
	r.say(tr(r.lang, "bot.resubmitted", "id", app.ID, "office", r.officeName(r.ctx, app.PendingStep().OfficeOrg)), nil)
	return nil
}
