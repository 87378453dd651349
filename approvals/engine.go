package approvals

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/registry"
)

// Policy is what the engine needs to know of one kind of subject.
type Policy interface {
	// Chain lists the offices that decide an application, in order.
	Chain(ctx context.Context, db bun.IDB, app *Application) ([]StepSpec, error)
	// Apply carries out an application in the transaction of its final
	// approval; an error refuses the approval.
	Apply(ctx context.Context, tx bun.Tx, app *Application, decider *registry.Member) error
}

// StepSpec is one link of a chain: an office and the role deciding there.
type StepSpec struct {
	Office string
	Role   registry.Role
}

// Event is a change the front ends tell people about. Listeners run inside
// the transaction that made the change, so that a notification queued
// there is committed with it, or not at all.
type Event struct {
	Kind        string // submitted, step_approved, approved, returned, rejected, withdrawn, resubmitted
	Application *Application
	Step        *Step // the step decided or now pending
	Actor       govmedia.Actor
}

// Listener hears events inside their transaction.
type Listener func(ctx context.Context, tx bun.Tx, ev Event) error

// Engine runs applications of every registered kind.
type Engine struct {
	db        *bun.DB
	reg       *registry.Registry
	now       govmedia.Clock
	policies  map[string]Policy
	calendar  Calendar
	listeners []Listener
}

// Options tune the engine.
type Options struct {
	Calendar Calendar // working days and the step deadline
}

// New returns an engine with the account policy registered.
func New(db *bun.DB, reg *registry.Registry, now govmedia.Clock, opts Options) *Engine {
	if now == nil {
		now = govmedia.Now
	}
	if opts.Calendar.StepDays == 0 {
		opts.Calendar.StepDays = DefaultStepDays
	}
	e := &Engine{db: db, reg: reg, now: now, policies: map[string]Policy{}, calendar: opts.Calendar}
	e.Register(AccountKind, accountPolicy{reg: reg})
	return e
}

// Register adds the policy for a subject kind.
func (e *Engine) Register(kind string, p Policy) { e.policies[kind] = p }

// Listen adds a listener for every event.
func (e *Engine) Listen(l Listener) { e.listeners = append(e.listeners, l) }

// Registry is the registry the engine decides over.
func (e *Engine) Registry() *registry.Registry { return e.reg }

func (e *Engine) emit(ctx context.Context, tx bun.Tx, ev Event) error {
	for _, l := range e.listeners {
		if err := l(ctx, tx, ev); err != nil {
			return err
		}
	}
	return nil
}

func (e *Engine) inTx(ctx context.Context, fn func(tx bun.Tx, now time.Time) error) error {
	return e.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error { return fn(tx, e.now()) })
}
