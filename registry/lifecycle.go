package registry

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
)

// DefaultNoticeDays is how long a closing account shows its public notice.
const DefaultNoticeDays = 30

// Closure is what a close application decides: why, which account takes
// over the followers if the account is merged, and how long the notice runs.
type Closure struct {
	Reason      string `json:"reason"`
	SuccessorID int64  `json:"successor_id,omitempty"`
	NoticeDays  int    `json:"notice_days"`
}

// Check validates a closure of account id.
func (c *Closure) Check(ctx context.Context, db bun.IDB, id int64) error {
	c.Reason = clean(c.Reason)
	var errs govmedia.FieldErrors
	if c.Reason == "" {
		errs = append(errs, govmedia.FieldError{Column: "reason", Err: govmedia.Errorf(govmedia.EINVALID, "close.reason_required")})
	}
	if c.NoticeDays < 0 || c.NoticeDays > 180 {
		errs = append(errs, govmedia.FieldError{Column: "notice_days", Err: govmedia.Errorf(govmedia.EINVALID, "close.notice_days_range")})
	}
	if c.SuccessorID != 0 {
		s, err := AccountByID(ctx, db, c.SuccessorID)
		switch {
		case govmedia.ErrorCode(err) == govmedia.ENOTFOUND:
			errs = append(errs, govmedia.FieldError{Column: "successor", Err: err.(*govmedia.Error)})
		case err != nil:
			return err
		case s.ID == id || !s.Open() || s.State == Closing:
			errs = append(errs, govmedia.FieldError{Column: "successor", Err: govmedia.Errorf(govmedia.EINVALID, "close.successor_invalid", "name", s.Name)})
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// StartClosing puts an account into its notice period; it closes when the
// period ends (CloseDue).
func (r *Registry) StartClosing(ctx context.Context, tx bun.IDB, id int64, baseVersion int, cl Closure, c Change) error {
	a, err := lockAccount(ctx, tx, id)
	if err != nil {
		return err
	}
	if err := checkVersion(a, baseVersion); err != nil {
		return err
	}
	if a.State == Closing || a.State == Closed {
		return govmedia.Errorf(govmedia.ECONFLICT, "account.already_closing", "name", a.Name)
	}
	if err := cl.Check(ctx, tx, id); err != nil {
		return err
	}
	old := a.State
	a.State, a.CloseReason, a.SuccessorID = Closing, cl.Reason, cl.SuccessorID
	a.ClosingUntil = r.now().Add(time.Duration(cl.NoticeDays) * 24 * time.Hour)
	if err := r.bump(ctx, tx, a); err != nil {
		return err
	}
	return r.record(ctx, tx, a, c, []FieldChange{{Field: "state", Old: string(old), New: string(Closing)}})
}

// setState moves an account from one of the states in from to state.
func (r *Registry) setState(ctx context.Context, tx bun.IDB, id int64, from []State, to State, c Change) error {
	a, err := lockAccount(ctx, tx, id)
	if err != nil {
		return err
	}
	ok := false
	for _, s := range from {
		ok = ok || a.State == s
	}
	if !ok {
		return govmedia.Errorf(govmedia.ECONFLICT, "account.wrong_state", "name", a.Name, "state", govmedia.Text("state."+string(a.State)))
	}
	old := a.State
	a.State = to
	if err := r.bump(ctx, tx, a); err != nil {
		return err
	}
	return r.record(ctx, tx, a, c, []FieldChange{{Field: "state", Old: string(old), New: string(to)}})
}

// Suspend stops an account at once; only the city office's approvers may.
func (r *Registry) Suspend(ctx context.Context, by *Member, id int64, reason string) error {
	if err := r.checkCityApprover(ctx, by); err != nil {
		return err
	}
	return r.inTx(ctx, func(tx bun.Tx) error {
		return r.setState(ctx, tx, id, []State{Approved, Active}, Suspended,
			Change{Actor: by.Actor(), Action: "account.suspend", ApprovedBy: by.Actor().String() + ": " + clean(reason)})
	})
}

// Resume lifts a suspension: the account becomes active again if its
// identifiers are bound, approved otherwise.
func (r *Registry) Resume(ctx context.Context, by *Member, id int64) error {
	if err := r.checkCityApprover(ctx, by); err != nil {
		return err
	}
	return r.inTx(ctx, func(tx bun.Tx) error {
		a, err := AccountByID(ctx, tx, id)
		if err != nil {
			return err
		}
		to := Approved
		if a.identifiersBound() {
			to = Active
		}
		return r.setState(ctx, tx, id, []State{Suspended}, to, Change{Actor: by.Actor(), Action: "account.resume"})
	})
}

func (r *Registry) checkCityApprover(ctx context.Context, m *Member) error {
	org, err := getOrg(ctx, r.db, m.OrgCode)
	if err != nil {
		return err
	}
	if m.Role != Approver || org.Kind != Office || org.Level != City {
		return govmedia.Errorf(govmedia.EFORBIDDEN, "account.city_office_only")
	}
	return nil
}
