package wechat

import (
	"bytes"
	"context"

	"github.com/silenceper/wechat/v2/officialaccount"
	"github.com/silenceper/wechat/v2/officialaccount/draft"
	"github.com/silenceper/wechat/v2/officialaccount/freepublish"
	"github.com/silenceper/wechat/v2/officialaccount/material"
)

// UploadCover uploads an article's cover as a permanent image material
// (a draft's covers must be permanent materials) and returns its media_id.
func (c *Client) UploadCover(ctx context.Context, name string, data []byte) (mediaID string, err error) {
	err = c.call(ctx, "material/add_material", func(oa *officialaccount.OfficialAccount) error {
		mediaID, _, err = oa.GetMaterial().AddMaterialFromReader(material.MediaTypeImage, name, bytes.NewReader(data))
		return err
	})
	return mediaID, err
}

// Drafts lists the drafts in the draft box, newest first (draft/batchget),
// without their bodies.
func (c *Client) Drafts(ctx context.Context, offset int64) (list draft.ArticleList, err error) {
	err = c.call(ctx, "draft/batchget", func(oa *officialaccount.OfficialAccount) error {
		list, err = oa.GetDraft().PaginateDraft(offset, 20, true)
		return err
	})
	return list, err
}

// Published lists what was published, newest first (freepublish/batchget),
// without the bodies.
func (c *Client) Published(ctx context.Context, offset int64) (list freepublish.ArticleList, err error) {
	err = c.call(ctx, "freepublish/batchget", func(oa *officialaccount.OfficialAccount) error {
		list, err = oa.GetFreePublish().Paginate(offset, 20, true)
		return err
	})
	return list, err
}
