package publish

import (
	"context"
	"time"

	"github.com/riverqueue/river"
	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/approvals"
	"govmedia/registry"
)

// publicationPolicy is how the engine decides publications: by the issuing
// government's office; approval fans the publication out.
type publicationPolicy struct{ p *Publisher }

func (pp publicationPolicy) Chain(ctx context.Context, db bun.IDB, app *approvals.Application) ([]approvals.StepSpec, error) {
	return approvals.GovernmentOffice(ctx, db, app.ApplicantOrg)
}

// Apply resolves the targets as they stand now and creates one delivery
// per account, each a job on the queue, in the approval's transaction.
func (pp publicationPolicy) Apply(ctx context.Context, tx bun.Tx, app *approvals.Application, _ *registry.Member) error {
	p := pp.p
	pub, err := loadPublication(ctx, tx, app.SubjectID)
	if err != nil {
		return err
	}
	targets, err := resolve(ctx, tx, pub.Targets)
	if err != nil {
		return err
	}
	if len(targets) == 0 {
		return govmedia.Errorf(govmedia.EINVALID, "publication.no_targets")
	}
	now := p.now()
	for _, t := range targets {
		if err := p.createDelivery(ctx, tx, pub.ID, t, now); err != nil {
			return err
		}
	}
	state := Delivering
	if !anyQueued(targets) {
		state = Done // every target lacks credentials: nothing will be delivered
	}
	_, err = tx.NewUpdate().Model(pub).Set("state = ?, approved_at = ?", state, now).WherePK().Exec(ctx)
	return err
}

func anyQueued(targets []target) bool {
	for _, t := range targets {
		if t.HasSecrets {
			return true
		}
	}
	return false
}

func (p *Publisher) createDelivery(ctx context.Context, tx bun.Tx, pubID int64, t target, now time.Time) error {
	d := &Delivery{PublicationID: pubID, AccountID: t.ID, State: Queued, CreatedAt: now, UpdatedAt: now,
		ThumbMediaIDs: []string{}, ImageURLs: map[string]string{}}
	if !t.HasSecrets {
		d.State, d.Error, d.FinishedAt = Failed, govmedia.Print(govmedia.Chinese, "delivery.no_credentials"), now
	}
	if _, err := tx.NewInsert().Model(d).Exec(ctx); err != nil {
		return err
	}
	if d.State == Failed {
		return nil
	}
	return p.queue.InsertTx(ctx, tx, deliveryArgs{DeliveryID: d.ID}, nil)
}

// onEvent records the end of a publication's review.
func (p *Publisher) onEvent(ctx context.Context, tx bun.Tx, ev approvals.Event) error {
	if ev.Application.SubjectKind != PublicationKind {
		return nil
	}
	state := map[string]PublicationState{"rejected": Refused, "withdrawn": Withdrawn}[ev.Kind]
	if state == "" {
		return nil
	}
	_, err := tx.NewUpdate().Model((*Publication)(nil)).Set("state = ?", state).Where("id = ?", ev.Application.SubjectID).Exec(ctx)
	return err
}

// deliveryArgs is the job of delivering one publication to one account;
// Round tells a retry asked for by a person from the first run.
type deliveryArgs struct {
	DeliveryID int64 `json:"delivery_id"`
	Round      int   `json:"round,omitempty"`
	Check      bool  `json:"check,omitempty"` // a poll asked for by the sweep or a plain finish event
}

// Kind names the job.
func (deliveryArgs) Kind() string { return "publish.delivery" }

// InsertOpts makes one job per delivery, and lets it retry for a day.
func (deliveryArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 50, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}
