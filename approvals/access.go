package approvals

import (
	"context"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/registry"
)

// Who may see and do what with applications is decided here, once; the
// bot, the web and the command line ask and render the answer. What a
// member may not see is reported as not found, so that a forged request
// learns nothing, not even that the application exists.

// CheckSee refuses, as not found, an application m may not see. Those who
// may: the members of the applicant's org, the admins over it, the offices
// on its chain (in any round), and the city office. app.Steps must be
// loaded. Errors: ENOTFOUND.
func CheckSee(ctx context.Context, db bun.IDB, m *registry.Member, app *Application) error {
	if m.OrgCode == app.ApplicantOrg {
		return nil
	}
	for _, s := range app.Steps {
		if s.OfficeOrg == m.OrgCode {
			return nil
		}
	}
	if registry.AdminOver(ctx, db, m, app.ApplicantOrg) || registry.IsCityOffice(ctx, db, m.OrgCode) {
		return nil
	}
	return govmedia.Errorf(govmedia.ENOTFOUND, "application.not_found", "id", app.ID)
}

// ApplicationFor returns an application with its steps if m may see it.
// Errors: ENOTFOUND (missing, or not m's to see).
func (e *Engine) ApplicationFor(ctx context.Context, m *registry.Member, id int64) (*Application, error) {
	app, err := e.Application(ctx, id)
	if err != nil {
		return nil, err
	}
	return app, CheckSee(ctx, e.db, m, app)
}

// CheckQueue refuses unless m may see what waits at an office: the
// office's deciders (reviewers, approvers, guides) and admins, and the
// admins over it. Errors: EFORBIDDEN.
func CheckQueue(ctx context.Context, db bun.IDB, m *registry.Member, office string) error {
	if m.OrgCode == office && m.Role != registry.Operator {
		return nil
	}
	if registry.AdminOver(ctx, db, m, office) {
		return nil
	}
	return govmedia.Errorf(govmedia.EFORBIDDEN, "application.queue_forbidden")
}

// WaitingFor lists the steps pending at an office, oldest first, if m may
// see its queue (CheckQueue).
func (e *Engine) WaitingFor(ctx context.Context, m *registry.Member, office string, offset, limit int) ([]*Step, int, error) {
	if err := CheckQueue(ctx, e.db, m, office); err != nil {
		return nil, 0, err
	}
	return e.Waiting(ctx, office, max(0, offset), limit)
}

// AccountToApplyFor returns an account m may apply to change or close:
// one of m's own org that is not closed, m being no guide. Another org's
// account is reported as not found. Errors: ENOTFOUND, EFORBIDDEN, ECONFLICT.
func (e *Engine) AccountToApplyFor(ctx context.Context, m *registry.Member, id int64) (*registry.Account, error) {
	return ownAccount(ctx, e.db, m, id)
}

// ownAccount returns an open account of the applicant's org.
func ownAccount(ctx context.Context, db bun.IDB, applicant *registry.Member, id int64) (*registry.Account, error) {
	if err := mayApply(applicant); err != nil {
		return nil, err
	}
	a, err := registry.AccountByID(ctx, db, id)
	if err != nil {
		return nil, err
	}
	if a.HostOrg != applicant.OrgCode {
		return nil, govmedia.Errorf(govmedia.ENOTFOUND, "account.not_found", "id", id)
	}
	if a.State == registry.Closed {
		return nil, govmedia.Errorf(govmedia.ECONFLICT, "account.wrong_state", "name", a.Name, "state", govmedia.Text("state.closed"))
	}
	return a, nil
}

// CheckMayApply refuses guides, who review catalogs and apply for
// nothing. Errors: EFORBIDDEN.
func CheckMayApply(m *registry.Member) error { return mayApply(m) }

// mayApply refuses guides, who review catalogs and apply for nothing.
func mayApply(m *registry.Member) error {
	if m.Role == registry.Guide {
		return govmedia.Errorf(govmedia.EFORBIDDEN, "application.guides_cannot_apply")
	}
	return nil
}

// MaySeePrivate reports whether m may see the private fields an account
// application carries (the person in charge's phone in full): the members
// of the applicant's org and of the offices on its chain, in any round,
// whom the form tells that only approvers see it. app.Steps must be loaded.
func (e *Engine) MaySeePrivate(ctx context.Context, m *registry.Member, app *Application) bool {
	if m == nil {
		return false
	}
	if m.OrgCode == app.ApplicantOrg {
		return true
	}
	for _, s := range app.Steps {
		if s.OfficeOrg == m.OrgCode {
			return true
		}
	}
	return false
}
