package publish

import (
	"context"

	"github.com/silenceper/wechat/v2/officialaccount/freepublish"

	"govmedia/wechat"
)

type freepublishItem = freepublish.PublishArticleItem

// searchDepth is how many of the newest drafts or publications a recovery
// looks through (20 a page).
const searchDepth = 3

// findDraft looks in the draft box for the draft whose first cover is
// thumb; "" if there is none.
func findDraft(ctx context.Context, c *wechat.Client, thumb string) (string, error) {
	for page := int64(0); page < searchDepth; page++ {
		list, err := c.Drafts(ctx, page*20)
		if err != nil {
			return "", err
		}
		for _, item := range list.Item {
			if len(item.Content.NewsItem) > 0 && item.Content.NewsItem[0].ThumbMediaID == thumb {
				return item.MediaID, nil
			}
		}
		if int64(len(list.Item)) < 20 {
			return "", nil
		}
	}
	return "", nil
}

// findPublished looks among what was published for the article whose first
// cover is thumb, and returns its id and URL.
func findPublished(ctx context.Context, c *wechat.Client, thumb string) (string, string, error) {
	for page := int64(0); page < searchDepth; page++ {
		list, err := c.Published(ctx, page*20)
		if err != nil {
			return "", "", err
		}
		for _, item := range list.Item {
			if n := item.Content.NewsItem; len(n) > 0 && n[0].ThumbMediaID == thumb {
				return item.ArticleID, n[0].URL, nil
			}
		}
		if int64(len(list.Item)) < 20 {
			return "", "", nil
		}
	}
	return "", "", nil
}
