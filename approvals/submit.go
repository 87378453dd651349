package approvals

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/audit"
	"govmedia/registry"
)

// submit writes a new application and the first round of its chain.
func (e *Engine) submit(ctx context.Context, tx bun.Tx, now time.Time, app *Application, applicant *registry.Member) error {
	policy, ok := e.policies[app.SubjectKind]
	if !ok {
		return fmt.Errorf("no policy for subject kind %q", app.SubjectKind)
	}
	app.ApplicantID, app.ApplicantOrg = applicant.ID, applicant.OrgCode
	app.State, app.Round, app.CreatedAt, app.UpdatedAt = Pending, 1, now, now
	if _, err := tx.NewInsert().Model(app).Exec(ctx); err != nil {
		if uniqueViolation(err) == "applications_one_open" {
			return govmedia.Errorf(govmedia.ECONFLICT, "application.already_open")
		}
		return err
	}
	specs, err := policy.Chain(ctx, tx, app)
	if err != nil {
		return err
	}
	if err := e.writeRound(ctx, tx, now, app, specs, nil, 0); err != nil {
		return err
	}
	if err := e.audit(ctx, tx, now, applicant.Actor(), app, "application.submit", ""); err != nil {
		return err
	}
	return e.emit(ctx, tx, Event{Kind: "submitted", Application: app, Step: app.PendingStep(), Actor: applicant.Actor()})
}

// writeRound writes the steps of app's current round: the steps before
// from keep the earlier round's approvals, step from is pending, the rest wait.
func (e *Engine) writeRound(ctx context.Context, tx bun.Tx, now time.Time, app *Application, specs []StepSpec, before []*Step, from int) error {
	steps := make([]*Step, len(specs))
	for i, spec := range specs {
		s := &Step{ApplicationID: app.ID, Round: app.Round, Position: i, OfficeOrg: spec.Office, DeciderRole: spec.Role, State: StepWaiting}
		switch {
		case i < from:
			prev := before[i]
			s.State, s.StartedAt, s.DecidedBy, s.DecidedAt = StepApproved, prev.StartedAt, prev.DecidedBy, prev.DecidedAt
		case i == from:
			s.State, s.StartedAt, s.DueAt = StepPending, now, e.calendar.Due(now)
		}
		steps[i] = s
	}
	if _, err := tx.NewInsert().Model(&steps).Exec(ctx); err != nil {
		return err
	}
	app.Steps = append(app.Steps, steps...)
	return nil
}

// auditEntry is what the audit log keeps of an application's change.
type auditEntry struct {
	Kind    string `json:"kind"`
	Action  string `json:"action"`
	State   State  `json:"state"`
	Round   int    `json:"round"`
	Subject int64  `json:"subject,omitempty"`
	Step    int64  `json:"step,omitempty"`
	Reason  string `json:"reason,omitempty"`
}

func (e *Engine) audit(ctx context.Context, tx bun.Tx, now time.Time, actor govmedia.Actor, app *Application, action, reason string) error {
	entry := auditEntry{Kind: app.SubjectKind, Action: app.Action, State: app.State, Round: app.Round, Subject: app.SubjectID, Reason: reason}
	if s := app.PendingStep(); s != nil {
		entry.Step = s.ID
	}
	return audit.Append(ctx, tx, now, actor, "application", fmt.Sprint(app.ID), action, entry)
}

func marshal(v any) json.RawMessage {
	raw, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return raw
}

// SubmitTx starts an application for another kind of subject (a
// publication, say) inside the caller's transaction, which has just
// written the subject; payload is what the deciders see.
func (e *Engine) SubmitTx(ctx context.Context, tx bun.Tx, applicant *registry.Member, kind, action string, subjectID int64, payload any) (*Application, error) {
	app := &Application{SubjectKind: kind, Action: action, SubjectID: subjectID, Payload: marshal(payload)}
	return app, e.submit(ctx, tx, e.now(), app, applicant)
}

// GovernmentOffice is the chain of a subject decided by its issuing
// government's office: the office of the org's government (an org that is
// a government or an office uses its own government; a government without
// an office, such as a township, goes to the office above). The city
// office decides as approver, any other office as reviewer.
func GovernmentOffice(ctx context.Context, db bun.IDB, org string) ([]StepSpec, error) {
	up, err := registry.Ancestors(ctx, db, org)
	if err != nil {
		return nil, err
	}
	for _, o := range up {
		if o.Kind != registry.Government {
			continue
		}
		office, err := registry.OfficeOf(ctx, db, o.Code)
		if err != nil {
			return nil, err
		}
		if office == nil {
			continue // a township without an office: its county's office decides
		}
		role := registry.Reviewer
		if o.ParentCode == "" {
			role = registry.Approver
		}
		return []StepSpec{{Office: office.Code, Role: role}}, nil
	}
	return nil, govmedia.Errorf(govmedia.EINVALID, "approvals.no_office", "government", org)
}
