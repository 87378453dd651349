package publish

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"govmedia/registry"
	"govmedia/wechat"
)

// DeliveryState is where one account's delivery stands.
type DeliveryState string

// The states of a delivery.
const (
	Queued    DeliveryState = "queued"    // not started
	Working   DeliveryState = "working"   // uploading, drafting, submitting
	Waiting   DeliveryState = "waiting"   // submitted; WeChat has not said how it ended
	Delivered DeliveryState = "delivered" // published or sent
	Failed    DeliveryState = "failed"    // stopped for a reason that retrying cannot mend
	Skipped   DeliveryState = "skipped"   // the account stopped being active
)

// openDeliveryStates are the states of a delivery not yet over.
var openDeliveryStates = []DeliveryState{Queued, Working, Waiting}

// Final reports whether the delivery is over.
func (s DeliveryState) Final() bool { return s == Delivered || s == Failed || s == Skipped }

// Delivery is one publication going to one account, with every id WeChat
// gave it on the way, so that a retry continues and never repeats a step.
type Delivery struct {
	bun.BaseModel `bun:"table:deliveries"`

	ID            int64             `bun:"id,pk,autoincrement"`
	PublicationID int64             `bun:"publication_id"`
	AccountID     int64             `bun:"account_id"`
	State         DeliveryState     `bun:"state"`
	Attempts      int               `bun:"attempts"`
	ThumbMediaIDs []string          `bun:"thumb_media_ids,type:jsonb"` // the cover of each article
	ImageURLs     map[string]string `bun:"image_urls,type:jsonb"`      // body image name → WeChat URL
	DraftAskedAt  time.Time         `bun:"draft_asked_at,nullzero"`
	DraftMediaID  string            `bun:"draft_media_id"`
	SubmitAskedAt time.Time         `bun:"submit_asked_at,nullzero"`
	PublishID     int64             `bun:"publish_id,nullzero"`
	MsgID         int64             `bun:"msg_id,nullzero"`
	ArticleID     string            `bun:"article_id"`
	ArticleURL    string            `bun:"article_url"`
	ErrorCode     int64             `bun:"error_code,nullzero"`
	Error         string            `bun:"error"`
	CreatedAt     time.Time         `bun:"created_at"`
	UpdatedAt     time.Time         `bun:"updated_at"`
	FinishedAt    time.Time         `bun:"finished_at,nullzero"`

	Account *deliveryAccount `bun:"rel:belongs-to,join:account_id=id"`
}

// deliveryAccount is what a delivery needs of its account.
type deliveryAccount struct {
	bun.BaseModel `bun:"table:accounts"`

	ID         int64  `bun:"id,pk"`
	Name       string `bun:"name"`
	State      string `bun:"state"`
	WeChatKind string `bun:"wechat_kind"`
	AppID      string `bun:"app_id"` // "" until bound

	Credentials *wechat.SealedCredentials `bun:"rel:has-one,join:id=account_id"` // loaded by work only
}

// save writes the delivery's progress so far, and, in the same statement,
// learns whether its account may still receive it: errInactive when not
// (a final state is saved all the same).
func (p *Publisher) save(ctx context.Context, d *Delivery) error {
	// Why not the job's context: progress made before a timeout must still
	// be recorded, or the next run would redo it.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	d.UpdatedAt = p.now()
	var state string
	_, err := p.db.NewUpdate().Model(d).ExcludeColumn("id", "publication_id", "account_id", "created_at").WherePK().
		Returning("(SELECT state FROM accounts WHERE accounts.id = delivery.account_id)").Exec(ctx, &state)
	if err == nil && !d.State.Final() && !p.reachesNow(ctx, d, state) {
		return errInactive
	}
	return err
}

// reachesNow reports whether a delivery's account, now in state, may
// still receive its publication.
func (p *Publisher) reachesNow(ctx context.Context, d *Delivery, state string) bool {
	if state == string(registry.Active) {
		return true
	}
	ap, err := p.approvedOne(ctx, d.PublicationID)
	return err == nil && reaches(ap.pub, state)
}

// Deliveries lists a publication's deliveries with their accounts.
func (p *Publisher) Deliveries(ctx context.Context, pubID int64) ([]*Delivery, error) {
	var list []*Delivery
	err := p.db.NewSelect().Model(&list).Relation("Account").Where("delivery.publication_id = ?", pubID).OrderExpr("delivery.id").Scan(ctx)
	return list, err
}

// Progress counts a publication's deliveries by state.
type Progress struct {
	Total, Delivered, Failed, Skipped, Pending int
}

// Progress counts where a publication's deliveries stand.
func (p *Publisher) Progress(ctx context.Context, pubID int64) (Progress, error) {
	var rows []struct {
		State DeliveryState `bun:"state"`
		N     int           `bun:"n"`
	}
	err := p.db.NewSelect().Table("deliveries").ColumnExpr("state, count(*) AS n").Where("publication_id = ?", pubID).
		Group("state").Scan(ctx, &rows)
	var pr Progress
	for _, r := range rows {
		pr.Total += r.N
		switch r.State {
		case Delivered:
			pr.Delivered += r.N
		case Failed:
			pr.Failed += r.N
		case Skipped:
			pr.Skipped += r.N
		default:
			pr.Pending += r.N
		}
	}
	return pr, err
}
