package wechattest

import (
	"fmt"
	"slices"
)

// getPublish is POST /cgi-bin/freepublish/get: the job's status, and its
// article_id and URLs once published.
func (s *Server) getPublish(c *call) (any, *apiError) {
	var req struct {
		PublishID flexInt `json:"publish_id"`
	}
	if e := c.decode(&req); e != nil {
		return nil, e
	}
	st := c.acct
	st.mu.Lock()
	defer st.mu.Unlock()
	job := st.publishes[int64(req.PublishID)]
	if job == nil {
		return nil, failf(CodeInvalidArgs, "invalid publish_id")
	}
	items := []map[string]any{}
	if job.articleID != "" {
		for i, a := range job.articles {
			items = append(items, map[string]any{"idx": i + 1, "article_url": a.URL})
		}
	}
	return map[string]any{
		"errcode": 0, "errmsg": "ok",
		"publish_id": job.id, "publish_status": job.status, "article_id": job.articleID,
		"article_detail": map[string]any{"count": len(items), "item": items},
		"fail_idx":       orEmpty(job.failIdx),
	}, nil
}

// deletePublish is POST /cgi-bin/freepublish/delete: index 0 deletes every
// article, else the index-th (from 1); with all gone the status becomes 5.
func (s *Server) deletePublish(c *call) (any, *apiError) {
	var req struct {
		ArticleID string `json:"article_id"`
		Index     int    `json:"index"`
	}
	if e := c.decode(&req); e != nil {
		return nil, e
	}
	st := c.acct
	st.mu.Lock()
	defer st.mu.Unlock()
	job := st.articles[req.ArticleID]
	switch {
	case job == nil:
		return nil, fail(CodeInvalidArticleID)
	case req.Index < 0 || req.Index > len(job.articles):
		return nil, fail(CodeInvalidArgs)
	}
	for i := range job.deleted {
		job.deleted[i] = job.deleted[i] || req.Index == 0 || req.Index == i+1
	}
	if !slices.Contains(job.deleted, false) {
		job.status, job.updated = PublishDeleted, c.now
	}
	return nil, nil
}

// publishedArticle is an article as getarticle and batchget show it.
type publishedArticle struct {
	Article
	IsDeleted bool `json:"is_deleted"`
}

// getPublishedArticle is POST /cgi-bin/freepublish/getarticle.
func (s *Server) getPublishedArticle(c *call) (any, *apiError) {
	var req struct {
		ArticleID string `json:"article_id"`
	}
	if e := c.decode(&req); e != nil {
		return nil, e
	}
	st := c.acct
	st.mu.Lock()
	defer st.mu.Unlock()
	job := st.articles[req.ArticleID]
	if job == nil {
		return nil, fail(CodeInvalidArticleID)
	}
	return map[string]any{"news_item": job.published(page{})}, nil
}

// listPublished is POST /cgi-bin/freepublish/batchget: published jobs,
// newest first.
func (s *Server) listPublished(c *call) (any, *apiError) {
	var req page
	if e := c.decode(&req); e != nil {
		return nil, e
	}
	if e := req.check(); e != nil {
		return nil, e
	}
	st := c.acct
	st.mu.Lock()
	defer st.mu.Unlock()
	var all []*publishJob
	for _, job := range st.articles {
		all = append(all, job)
	}
	slices.SortFunc(all, func(a, b *publishJob) int { return b.updated.Compare(a.updated) })
	items := []map[string]any{}
	lo, hi := req.bounds(len(all))
	for _, job := range all[lo:hi] {
		items = append(items, map[string]any{
			"article_id":  job.articleID,
			"content":     map[string]any{"news_item": job.published(req)},
			"update_time": job.updated.Unix(),
		})
	}
	return map[string]any{"total_count": len(all), "item_count": len(items), "item": items}, nil
}

func (job *publishJob) published(p page) []publishedArticle {
	list := p.articles(job.articles)
	out := make([]publishedArticle, len(list))
	for i, a := range list {
		out[i] = publishedArticle{Article: a, IsDeleted: job.deleted[i] || job.status == PublishBanned}
	}
	return out
}

// articleURL makes a permanent article link as WeChat shapes them.
func articleURL(msgDataID int64, idx int) string {
	return fmt.Sprintf("http://mp.weixin.qq.com/s?__biz=%s&mid=%d&idx=%d&sn=%s", randomText(16), msgDataID, idx, randomText(32))
}

func orEmpty(v []int) []int {
	if v == nil {
		return []int{}
	}
	return v
}

func errUnknown(what, id string) error {
	return fmt.Errorf("wechattest: unknown %s %s", what, id)
}
