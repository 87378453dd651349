package publish

import (
	"context"
	"encoding/json"
	"log/slog"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/approvals"
	"govmedia/internal/memo"
	"govmedia/oversight/content"
	"govmedia/postgres"
	"govmedia/registry"
	"govmedia/wechat"
)

// PublicationKind is the approvals subject kind of publications.
const PublicationKind = "publication"

// Publisher takes publications from submission through review to a
// delivery per target account.
type Publisher struct {
	db      *bun.DB
	reg     *registry.Registry
	engine  *approvals.Engine
	queue   *postgres.Queue
	clients *wechat.Clients
	box     *govmedia.SecretBox
	now     govmedia.Clock
	log     *slog.Logger
	tuning  Tuning

	// OnProgress, when set, hears each delivery that ends, so that front
	// ends can show a publication's progress; done is true for the one
	// delivery that ended the publication's last open delivery.
	OnProgress func(ctx context.Context, publicationID int64, done bool)

	// Content, when set, checks every submission's articles: blocking
	// findings refuse it, warnings go on its review card (content_check.go).
	Content *content.Checker

	approved *memo.Memo[int64, *approvedPublication] // publications under delivery: they no longer change
}

// approvedPublication is what deliveries read of an approved publication.
type approvedPublication struct {
	pub    *Publication
	images []*Image
}

// Tuning sets the pace of deliveries.
type Tuning struct {
	PollEvery   time.Duration // how often an unfinished publish or mass send is checked; default 30 s
	SubmitGrace time.Duration // how long a submit of unknown outcome is looked for before it is made again; default 2 min
	SweepEvery  time.Duration // how often deliveries whose finish event never came are polled; default 1 min
}

// NewPublisher registers the publication policy with the engine and the
// delivery worker with the queue.
func NewPublisher(db *bun.DB, reg *registry.Registry, engine *approvals.Engine, queue *postgres.Queue,
	box *govmedia.SecretBox, now govmedia.Clock, log *slog.Logger, tuning Tuning) *Publisher {
	if now == nil {
		now = govmedia.Now
	}
	if tuning.PollEvery == 0 {
		tuning.PollEvery = 30 * time.Second
	}
	if tuning.SubmitGrace == 0 {
		tuning.SubmitGrace = 2 * time.Minute
	}
	if tuning.SweepEvery == 0 {
		tuning.SweepEvery = time.Minute
	}
	p := &Publisher{db: db, reg: reg, engine: engine, queue: queue, box: box, now: now, log: log, tuning: tuning,
		clients:  wechat.NewClients(db, box, now, log),
		approved: memo.New[int64, *approvedPublication](time.Hour, 64)}
	engine.Register(PublicationKind, publicationPolicy{p})
	engine.Listen(p.onEvent)
	engine.Listen(p.announceClosure)
	p.registerWorkers()
	p.registerSweep()
	return p
}

// WeChat is the publisher's WeChat clients, which the callback and the
// other domains that call WeChat share with it.
func (p *Publisher) WeChat() *wechat.Clients { return p.clients }

// Submit stores a publication and sends it to its issuing government's
// office for review, in one transaction.
func (p *Publisher) Submit(ctx context.Context, by *registry.Member, d Draft) (*Publication, *approvals.Application, error) {
	var pub *Publication
	var app *approvals.Application
	err := p.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var err error
		pub, app, err = p.SubmitTx(ctx, tx, by, d)
		return err
	})
	return pub, app, err
}

func (p *Publisher) store(ctx context.Context, tx bun.Tx, by *registry.Member, d Draft) (*Publication, error) {
	pub := &Publication{Kind: d.Kind, IssuingOrg: by.OrgCode, CreatedBy: by.ID, Mode: d.Mode, Targets: d.Targets,
		State: InReview, CreatedAt: p.now()}
	articles, images, err := p.checkDraft(ctx, tx, pub.IssuingOrg, d)
	if err != nil {
		return nil, err
	}
	if _, err := tx.NewInsert().Model(pub).Exec(ctx); err != nil {
		return nil, err
	}
	return pub, writeContent(ctx, tx, pub, articles, images)
}

// checkDraft refuses a draft WeChat would refuse, or whose targets the
// org may not reach, and returns its articles and body images.
func (p *Publisher) checkDraft(ctx context.Context, tx bun.Tx, org string, d Draft) ([]*Article, []*Image, error) {
	cover, coverName, err := defaultCover(ctx, tx, org)
	if err != nil {
		return nil, nil, err
	}
	articles, images, err := d.check(cover, coverName)
	if err != nil {
		return nil, nil, err
	}
	if d.Targets.Closing && d.Kind != ClosureNoticeKind {
		return nil, nil, govmedia.Errorf(govmedia.EINVALID, "publication.closing_only_closure")
	}
	return articles, images, p.checkTargets(ctx, tx, org, d.Targets)
}

// writeContent stores a publication's articles and body images.
func writeContent(ctx context.Context, tx bun.Tx, pub *Publication, articles []*Article, images []*Image) error {
	for _, a := range articles {
		a.PublicationID = pub.ID
	}
	if _, err := tx.NewInsert().Model(&articles).Exec(ctx); err != nil {
		return err
	}
	for _, img := range images {
		img.PublicationID = pub.ID
		if _, err := tx.NewInsert().Model(img).On("CONFLICT DO NOTHING").Exec(ctx); err != nil {
			return err
		}
	}
	pub.Articles = articles
	return nil
}

// Resubmit replaces the content, targets and mode of a publication that
// its reviewers returned with d, and sends its application back up the
// chain from the office that returned it: one transaction, so that a
// refused draft leaves the returned one as it was.
func (p *Publisher) Resubmit(ctx context.Context, by *registry.Member, appID int64, d Draft) (*Publication, *approvals.Application, error) {
	var pub *Publication
	var app *approvals.Application
	err := p.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var err error
		app, err = p.engine.ResubmitTx(ctx, tx, by, appID, func(app *approvals.Application) (json.RawMessage, error) {
			if app.SubjectKind != PublicationKind {
				return nil, govmedia.Errorf(govmedia.EINVALID, "application.revision_mismatch")
			}
			if pub, err = p.revise(ctx, tx, app.SubjectID, d); err != nil {
				return nil, err
			}
			summary, err := p.reviewSummary(ctx, tx, pub) // what the deciders see, as it stands now
			if err != nil {
				return nil, err
			}
			return json.Marshal(summary)
		})
		return err
	})
	return pub, app, err
}

// revise writes a returned publication's new content.
func (p *Publisher) revise(ctx context.Context, tx bun.Tx, id int64, d Draft) (*Publication, error) {
	pub, err := loadPublication(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if pub.Kind == PolicyKind { // its policy and interpretations are revised together (ResubmitPolicy)
		return nil, govmedia.Errorf(govmedia.EINVALID, "policy.revise_as_policy")
	}
	articles, images, err := p.checkDraft(ctx, tx, pub.IssuingOrg, d)
	if err != nil {
		return nil, err
	}
	pub.Mode, pub.Targets = d.Mode, d.Targets
	if _, err := tx.NewUpdate().Model(pub).Column("mode", "targets").WherePK().Exec(ctx); err != nil {
		return nil, err
	}
	for _, table := range []string{"publication_articles", "publication_images"} {
		if _, err := tx.NewDelete().TableExpr(table).Where("publication_id = ?", pub.ID).Exec(ctx); err != nil {
			return nil, err
		}
	}
	return pub, writeContent(ctx, tx, pub, articles, images)
}

// Publication returns a publication with its articles.
func (p *Publisher) Publication(ctx context.Context, id int64) (*Publication, error) {
	return loadPublication(ctx, p.db, id)
}

func loadPublication(ctx context.Context, db bun.IDB, id int64) (*Publication, error) {
	pub := new(Publication)
	err := db.NewSelect().Model(pub).Relation("Articles", func(q *bun.SelectQuery) *bun.SelectQuery {
		return q.OrderExpr("position")
	}).Where("publication.id = ?", id).Scan(ctx)
	if postgres.IsNoRows(err) {
		return nil, govmedia.Errorf(govmedia.ENOTFOUND, "publication.not_found", "id", id)
	}
	return pub, err
}

// approvedOne returns an approved publication with its body images.
func (p *Publisher) approvedOne(ctx context.Context, id int64) (*approvedPublication, error) {
	return p.approved.Get(id, func() (*approvedPublication, error) {
		pub, err := loadPublication(ctx, p.db, id)
		if err != nil {
			return nil, err
		}
		var images []*Image
		err = p.db.NewSelect().Model(&images).Where("publication_id = ?", id).OrderExpr("name").Scan(ctx)
		return &approvedPublication{pub: pub, images: images}, err
	})
}
