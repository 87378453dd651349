package wechat

import (
	"bytes"
	"context"
	"fmt"

	"github.com/silenceper/wechat/v2/officialaccount"
	"github.com/silenceper/wechat/v2/officialaccount/draft"
	"github.com/silenceper/wechat/v2/officialaccount/freepublish"
	"github.com/silenceper/wechat/v2/officialaccount/material"
	"github.com/silenceper/wechat/v2/util"
)

// uploadImgURL is media/uploadimg, for images in article bodies.
const uploadImgURL = APIOrigin + "/cgi-bin/media/uploadimg"

// UploadThumb uploads a cover as a permanent thumb material (a jpg of at
// most 64 KB) and returns its media_id and URL.
func (c *Client) UploadThumb(ctx context.Context, name string, data []byte) (mediaID, url string, err error) {
	err = c.call(ctx, "material/add_material", func(oa *officialaccount.OfficialAccount) error {
		mediaID, url, err = oa.GetMaterial().AddMaterialFromReader(material.MediaTypeThumb, name, bytes.NewReader(data))
		return err
	})
	return mediaID, url, err
}

// UploadImage uploads an image for an article body (media/uploadimg: jpg or
// png under 1 MB) and returns its mmbiz URL; WeChat strips images from
// elsewhere. silenceper uploads these only from a file on disk, so the call
// goes through its multipart helper.
func (c *Client) UploadImage(ctx context.Context, name string, data []byte) (url string, err error) {
	err = c.call(ctx, "media/uploadimg", func(oa *officialaccount.OfficialAccount) error {
		tok, err := oa.GetAccessTokenContext(ctx)
		if err != nil {
			return err
		}
		uri := fmt.Sprintf("%s?access_token=%s", uploadImgURL, tok)
		body, err := util.PostFileFromReader("media", name, name, uri, bytes.NewReader(data))
		if err != nil {
			return err
		}
		var res struct {
			util.CommonError
			URL string `json:"url"`
		}
		err = util.DecodeWithError(body, &res, "UploadImage")
		url = res.URL
		return err
	})
	return url, err
}

// AddDraft adds a draft of up to 8 articles and returns its media_id.
func (c *Client) AddDraft(ctx context.Context, articles []*draft.Article) (mediaID string, err error) {
	err = c.call(ctx, "draft/add", func(oa *officialaccount.OfficialAccount) error {
		mediaID, err = oa.GetDraft().AddDraft(articles)
		return err
	})
	return mediaID, err
}

// SubmitPublish publishes a draft (freepublish/submit) and returns the
// publish_id; the outcome comes later, by PublishStatus or the
// PUBLISHJOBFINISH event. Publishing notifies no follower.
func (c *Client) SubmitPublish(ctx context.Context, draftMediaID string) (publishID int64, err error) {
	err = c.call(ctx, "freepublish/submit", func(oa *officialaccount.OfficialAccount) error {
		publishID, err = oa.GetFreePublish().Publish(draftMediaID)
		return err
	})
	return publishID, err
}

// PublishStatus reads a publication's state (freepublish/get): 0 success
// (with article URLs), 1 publishing, 2 originality check failed, 3 failed,
// 4 rejected by review, 5 deleted, 6 banned.
func (c *Client) PublishStatus(ctx context.Context, publishID int64) (st freepublish.PublishStatusList, err error) {
	err = c.call(ctx, "freepublish/get", func(oa *officialaccount.OfficialAccount) error {
		st, err = oa.GetFreePublish().SelectStatus(publishID)
		return err
	})
	return st, err
}
