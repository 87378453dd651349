// Package approvals carries applications up their chains of offices to a
// final decision: account applications now, catalog versions and
// publications later, one engine with a chain policy per subject kind.
// Every decision, its effect and its audit entry are one transaction.
package approvals

import (
	"encoding/json"
	"time"

	"github.com/uptrace/bun"

	"govmedia/registry"
)

// State is where an application stands.
type State string

// The states of an application.
const (
	Pending   State = "pending"   // climbing its chain
	Returned  State = "returned"  // sent back for changes; the applicant edits and resubmits
	Approved  State = "approved"  // final; its effect is applied
	Rejected  State = "rejected"  // final
	Withdrawn State = "withdrawn" // final; by the applicant
)

// Final reports whether no further decision can be made.
func (s State) Final() bool { return s == Approved || s == Rejected || s == Withdrawn }

// StepState is where one step of a chain stands.
type StepState string

// The states of a step.
const (
	StepWaiting   StepState = "waiting"   // an earlier step is not decided yet
	StepPending   StepState = "pending"   // waiting for this office
	StepApproved  StepState = "approved"  // passed on
	StepReturned  StepState = "returned"  // sent back to the applicant
	StepRejected  StepState = "rejected"  // refused for good
	StepCancelled StepState = "cancelled" // the application ended before this step
)

// Verdict is what a decider decides.
type Verdict string

// The verdicts.
const (
	Approve Verdict = "approve"
	Return  Verdict = "return"
	Reject  Verdict = "reject"
)

// Application is one request climbing a chain.
type Application struct {
	bun.BaseModel `bun:"table:applications"`

	ID           int64           `bun:"id,pk,autoincrement"`
	SubjectKind  string          `bun:"subject_kind"`
	Action       string          `bun:"action"`
	ApplicantID  int64           `bun:"applicant_id"`
	ApplicantOrg string          `bun:"applicant_org"`
	SubjectID    int64           `bun:"subject_id,nullzero"`
	BaseVersion  int             `bun:"base_version,nullzero"`
	Payload      json.RawMessage `bun:"payload,type:jsonb"`
	// ReturnedPayload is the payload as it stood when the application was
	// last returned; nil until it is resubmitted.
	ReturnedPayload json.RawMessage `bun:"returned_payload,type:jsonb,nullzero"`
	State           State           `bun:"state"`
	Round           int             `bun:"round"`
	CreatedAt       time.Time       `bun:"created_at"`
	UpdatedAt       time.Time       `bun:"updated_at"`
	DecidedAt       time.Time       `bun:"decided_at,nullzero"`

	Steps     []*Step          `bun:"rel:has-many,join:id=application_id"`
	Applicant *registry.Member `bun:"rel:belongs-to,join:applicant_id=id"`
}

// Step is one office's turn in one round of an application's chain.
type Step struct {
	bun.BaseModel `bun:"table:application_steps"`

	ID            int64         `bun:"id,pk,autoincrement"`
	ApplicationID int64         `bun:"application_id"`
	Round         int           `bun:"round"`
	Position      int           `bun:"position"`
	OfficeOrg     string        `bun:"office_org"`
	DeciderRole   registry.Role `bun:"decider_role"`
	State         StepState     `bun:"state"`
	StartedAt     time.Time     `bun:"started_at,nullzero"`
	DueAt         time.Time     `bun:"due_at,nullzero"`
	RemindedAt    time.Time     `bun:"reminded_at,nullzero"`
	EscalatedAt   time.Time     `bun:"escalated_at,nullzero"`
	DecidedBy     int64         `bun:"decided_by,nullzero"`
	DecidedAt     time.Time     `bun:"decided_at,nullzero"`
	Reason        string        `bun:"reason"`

	Office  *registry.Org    `bun:"rel:belongs-to,join:office_org=code"`
	Decider *registry.Member `bun:"rel:belongs-to,join:decided_by=id"`
}

// CurrentSteps returns the steps of the application's current round in
// chain order (Steps must be loaded).
func (a *Application) CurrentSteps() []*Step {
	var out []*Step
	for _, s := range a.Steps {
		if s.Round == a.Round {
			out = append(out, s)
		}
	}
	return out
}

// PendingStep returns the step waiting for a decision, nil if none.
func (a *Application) PendingStep() *Step {
	for _, s := range a.CurrentSteps() {
		if s.State == StepPending {
			return s
		}
	}
	return nil
}
