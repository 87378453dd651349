package publish

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/registry"
	"govmedia/wechat"
)

// release publishes the draft or sends it to all followers, once.
func (p *Publisher) release(ctx context.Context, c *wechat.Client, d *Delivery, pub *Publication) error {
	if pub.Mode == Broadcast {
		return p.broadcast(ctx, c, d)
	}
	if d.PublishID != 0 || d.ArticleID != "" {
		return p.save(ctx, d)
	}
	if !d.SubmitAskedAt.IsZero() {
		if done, err := p.recoverSubmit(ctx, c, d); done || err != nil {
			return err
		}
	}
	d.SubmitAskedAt = p.now()
	if err := p.save(ctx, d); err != nil {
		return err
	}
	id, err := c.SubmitPublish(ctx, d.DraftMediaID)
	if err != nil {
		return p.refused(ctx, d, &d.SubmitAskedAt, err)
	}
	d.PublishID, d.State = id, Waiting
	if err := p.save(ctx, d); err != nil {
		return err
	}
	// Publishing takes WeChat a while: its finish event ends the delivery,
	// and the sweeper polls for those whose event never came.
	return errAwaitEvent
}

// recoverSubmit settles a submit whose outcome was never recorded: the
// article is found among what was published, or the submit is still being
// processed (the draft has left the draft box), or it never happened.
func (p *Publisher) recoverSubmit(ctx context.Context, c *wechat.Client, d *Delivery) (bool, error) {
	articleID, url, err := findPublished(ctx, c, d.ThumbMediaIDs[0])
	if err != nil {
		return true, err
	}
	if articleID != "" {
		d.ArticleID, d.ArticleURL = articleID, url
		return true, p.finish(ctx, d, Delivered, 0, "")
	}
	inBox, err := findDraft(ctx, c, d.ThumbMediaIDs[0])
	if err != nil {
		return true, err
	}
	if inBox == "" || p.now().Sub(d.SubmitAskedAt) < p.tuning.SubmitGrace {
		return true, waitFor(p.tuning.PollEvery)
	}
	return false, nil
}

// broadcast sends the draft to every follower within the account's quota.
// The clientmsgid makes WeChat refuse a second send of the same delivery,
// so a retry after a crash cannot send twice.
func (p *Publisher) broadcast(ctx context.Context, c *wechat.Client, d *Delivery) error {
	if d.MsgID != 0 {
		return p.save(ctx, d)
	}
	returns, err := quotaReturns(ctx, p.db, d.AccountID, registry.WeChatKind(d.Account.WeChatKind), p.now())
	if err != nil {
		return err
	}
	if !returns.IsZero() {
		d.Error = govmedia.Print(govmedia.Chinese, "delivery.no_quota", "at", govmedia.FormatTime(returns))
		return firstErr(p.save(ctx, d), waitFor(returns.Sub(p.now())))
	}
	if err := p.save(ctx, d); err != nil { // the draft's id, before the send
		return err
	}
	res, err := c.SendAll(ctx, wechat.MassSend{DraftMediaID: d.DraftMediaID, ClientMsgID: fmt.Sprintf("govmedia-%d", d.ID)})
	if err != nil {
		return err
	}
	d.MsgID, d.State = res.MsgID, Waiting
	err = p.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		d.UpdatedAt = p.now()
		if _, err := tx.NewUpdate().Model(d).Column("msg_id", "state", "updated_at").WherePK().Exec(ctx); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO mass_sends (account_id, delivery_id, sent_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
			d.AccountID, d.ID, p.now())
		return err
	})
	return firstErr(err, errAwaitEvent)
}

// awaitResult checks how a publish or a mass send ended; the callback's
// finish events usually tell first (see RecordPublishEvent).
func (p *Publisher) awaitResult(ctx context.Context, c *wechat.Client, d *Delivery, pub *Publication) error {
	if d.State.Final() {
		return nil
	}
	if pub.Mode == Broadcast {
		return p.awaitMass(ctx, c, d)
	}
	st, err := c.PublishStatus(ctx, d.PublishID)
	if err != nil {
		return err
	}
	return p.publishOutcome(ctx, d, int(st.PublishStatus), st.ArticleID, firstURL(st.ArticleDetail.Items))
}

func (p *Publisher) awaitMass(ctx context.Context, c *wechat.Client, d *Delivery) error {
	status, err := c.MassStatus(ctx, d.MsgID)
	if err != nil {
		return err
	}
	switch status {
	case "SEND_SUCCESS", "SENDED":
		return p.finish(ctx, d, Delivered, 0, "")
	case "SEND_FAIL", "DELETE":
		return p.finish(ctx, d, Failed, 0, govmedia.Print(govmedia.Chinese, "delivery.mass_failed", "status", status))
	}
	return waitFor(p.tuning.PollEvery)
}

// publishOutcome records a freepublish status: 0 published, 1 still
// publishing; the others are failures that retrying cannot mend.
func (p *Publisher) publishOutcome(ctx context.Context, d *Delivery, status int, articleID, url string) error {
	switch status {
	case 0:
		d.ArticleID, d.ArticleURL = articleID, url
		return p.finish(ctx, d, Delivered, 0, "")
	case 1:
		return waitFor(p.tuning.PollEvery)
	}
	return p.finish(ctx, d, Failed, int64(status), govmedia.Print(govmedia.Chinese, fmt.Sprintf("delivery.publish_status_%d", status)))
}

func firstURL(items []freepublishItem) string {
	if len(items) == 0 {
		return ""
	}
	return items[0].ArticleURL
}

// delivered marks a publication done once every delivery is over, and
// tells the front ends. The open states are named, not the final ones: the
// index on (publication_id, state) then answers with three probes, where
// "state NOT IN final" walked past every finished delivery each time, and
// a fan-out to n accounts slowed as n².
func (p *Publisher) delivered(ctx context.Context, pubID int64) error {
	res, err := p.db.NewUpdate().Model((*Publication)(nil)).Set("state = ?", Done).
		Where("id = ? AND state = ? AND NOT EXISTS (SELECT 1 FROM deliveries WHERE publication_id = ? AND state IN (?))",
			pubID, Delivering, pubID, bun.List(openDeliveryStates)).Exec(ctx)
	if err != nil {
		return err
	}
	if p.OnProgress != nil {
		n, _ := res.RowsAffected()
		p.OnProgress(ctx, pubID, n > 0)
	}
	return nil
}

// refused forgets that a step was asked for when WeChat answered with an
// error code: the step did not happen, and a retry need not look for it.
// Without an answer (a timeout, a 5xx) the outcome stays unknown.
func (p *Publisher) refused(ctx context.Context, d *Delivery, asked *time.Time, err error) error {
	if wechat.ErrCode(err) != 0 {
		*asked = time.Time{}
		return firstErr(p.save(ctx, d), err)
	}
	return err
}
