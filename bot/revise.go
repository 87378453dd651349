package bot

import (
	"govmedia"
	"govmedia/approvals"
	"govmedia/publish"
)

// onReviseButton starts editing a returned application, with its answers
// filled in.
func (r *request) onReviseButton(p []string) {
	app, err := r.engine.ApplicationFor(r.ctx, r.member, id(p, 0))
	if err != nil || app.ApplicantID != r.member.ID || !r.revisable(app) {
		r.staleButton()
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
	f := &form{Kind: app.Action, ApplicationID: app.ID}
	switch {
	case req.Fields != nil:
		// An open application is revised as a change of the fields it proposed.
		f.Kind, f.Step = "change", "field"
		f.Account = &accountForm{Fields: *req.Fields}
		if app.Action != approvals.OpenAccount {
			f.Account.AccountID = app.SubjectID
		}
		for _, c := range req.Changes {
			f.Account.Changed = append(f.Account.Changed, c.Field)
		}
		r.ask(f)
		return
	case req.Closure != nil:
		f.Close = &closeForm{AccountID: app.SubjectID, Reason: req.Closure.Reason, SuccessorID: req.Closure.SuccessorID,
			NoticeDays: req.Closure.NoticeDays}
	default:
		r.fail(govmedia.Errorf(govmedia.EINTERNAL, "error.internal"))
		return
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
	if pub.Kind == publish.PolicyKind {
		r.revisePolicy(app, pub)
		return
	}
	r.answer("", false)
	title := pub.Articles[0].Title
	r.say(tr(r.lang, "bot.publish.revising", "id", app.ID, "title", title), nil)
	r.startForm(&form{Kind: "publish", ApplicationID: app.ID,
		Publish: &publishForm{PublicationID: pub.ID, OldTitle: title, OldMode: string(pub.Mode)}})
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
