package publish

import (
	"context"
	"fmt"
	"strings"

	"github.com/silenceper/wechat/v2/officialaccount/draft"

	"govmedia"
	"govmedia/wechat"
)

// steps walks a delivery from where it stands: covers, body images, the
// draft, then publish or broadcast, then the result. Every id is saved as
// soon as WeChat gives it, so a retry after a crash continues.
// Each step ends by saving, and a save finds out whether the account is
// still active (see save): one that was closed or suspended meanwhile gets
// no further step.
func (p *Publisher) steps(ctx context.Context, d *Delivery, ap *approvedPublication) error {
	c, err := p.clients.ForSealed(ctx, d.AccountID, d.Account.Credentials)
	if err != nil {
		return err
	}
	// The account is active (work checked), bound to this AppID, and its
	// credentials are at hand: WeChat's finish event for this delivery
	// need not read them.
	if d.Account.AppID == c.AppID() {
		p.clients.RememberActive(wechat.Account{ID: d.AccountID, Name: d.Account.Name, AppID: d.Account.AppID}, c.Credentials())
	}
	pub := ap.pub
	if err := p.uploadCovers(ctx, c, d, pub); err != nil {
		return err
	}
	if err := p.uploadImages(ctx, c, d, ap.images); err != nil {
		return err
	}
	for _, step := range []func(context.Context, *wechat.Client, *Delivery, *Publication) error{p.addDraft, p.release, p.awaitResult} {
		if err := step(ctx, c, d, pub); err != nil {
			return err
		}
	}
	return nil
}

// errInactive stops a delivery whose account is no longer active.
var errInactive = govmedia.Errorf(govmedia.EFORBIDDEN, "delivery.account_inactive")

func (p *Publisher) uploadCovers(ctx context.Context, c *wechat.Client, d *Delivery, pub *Publication) error {
	for i := len(d.ThumbMediaIDs); i < len(pub.Articles); i++ {
		a := pub.Articles[i]
		id, err := c.UploadCover(ctx, a.CoverName, a.Cover)
		if err != nil {
			return firstErr(p.save(ctx, d), err)
		}
		d.ThumbMediaIDs = append(d.ThumbMediaIDs, id)
	}
	return nil
}

func (p *Publisher) uploadImages(ctx context.Context, c *wechat.Client, d *Delivery, images []*Image) error {
	for _, img := range images {
		if d.ImageURLs[img.Name] != "" {
			continue
		}
		url, err := c.UploadImage(ctx, img.Name, img.Data)
		if err != nil {
			return firstErr(p.save(ctx, d), err)
		}
		d.ImageURLs[img.Name] = url
	}
	return nil
}

// addDraft adds the draft once. If an earlier attempt asked for it but
// did not live to record its id, the draft box is searched for it (by the
// covers uploaded for this delivery, which no other draft uses) before
// asking again.
func (p *Publisher) addDraft(ctx context.Context, c *wechat.Client, d *Delivery, pub *Publication) error {
	if d.DraftMediaID != "" {
		return nil
	}
	if !d.DraftAskedAt.IsZero() {
		id, err := findDraft(ctx, c, d.ThumbMediaIDs[0])
		if err != nil || id != "" {
			d.DraftMediaID = id
			return firstErr(err, p.save(ctx, d))
		}
	}
	// Why one save here: it keeps the uploads made so far and marks the
	// draft as asked for, before asking; a crash after this point makes the
	// next run look for the draft instead of adding a second.
	d.DraftAskedAt = p.now()
	if err := p.save(ctx, d); err != nil {
		return err
	}
	id, err := c.AddDraft(ctx, p.draftArticles(d, pub))
	if err != nil {
		return p.refused(ctx, d, &d.DraftAskedAt, err)
	}
	d.DraftMediaID = id
	return nil
}

// draftArticles are the publication's articles as this account's draft:
// its covers, and its URLs for the body images.
func (p *Publisher) draftArticles(d *Delivery, pub *Publication) []*draft.Article {
	out := make([]*draft.Article, len(pub.Articles))
	for i, a := range pub.Articles {
		content := a.Content
		for name, url := range d.ImageURLs {
			content = strings.ReplaceAll(content, `src="`+imageRef+name+`"`, fmt.Sprintf(`src="%s"`, url))
		}
		out[i] = &draft.Article{Title: a.Title, Author: a.Author, Digest: a.Digest, Content: content,
			ContentSourceURL: a.SourceURL, ThumbMediaID: d.ThumbMediaIDs[i], ShowCoverPic: 1}
	}
	return out
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
