package wechattest

import (
	"slices"
	"time"
)

// draft is a draft in an account's draft box.
type draft struct {
	mediaID  string
	articles []Article
	updated  time.Time
}

// addDraft is POST /cgi-bin/draft/add: 1 to 8 valid articles whose covers
// are permanent images of the account; it answers the draft's media_id.
func (s *Server) addDraft(c *call) (any, *apiError) {
	var req struct {
		Articles []Article `json:"articles"`
	}
	if e := c.decode(&req); e != nil {
		return nil, e
	}
	switch n := len(req.Articles); {
	case n == 0:
		return nil, fail(CodeEmptyNews)
	case n > maxArticles:
		return nil, fail(CodeTooManyArticles)
	}
	st := c.acct
	st.mu.Lock()
	defer st.mu.Unlock()
	for i := range req.Articles {
		if e := req.Articles[i].validate(st.isCover); e != nil {
			return nil, e
		}
		req.Articles[i] = prepare(req.Articles[i], len(req.Articles))
	}
	d := &draft{mediaID: randomText(64), articles: req.Articles, updated: c.now}
	st.drafts[d.mediaID] = d
	st.counts.DraftsAdded++
	return map[string]any{"media_id": d.mediaID}, nil
}

// isCover tells whether id is a permanent image or thumb of the account.
func (st *accountState) isCover(id string) bool {
	m := st.materials[id]
	return m != nil && (m.mediaType == "image" || m.mediaType == "thumb")
}

// prepare applies WeChat's clean-up and defaults to a valid article.
func prepare(a Article, count int) Article {
	a.Content = clean(a.Content)
	if a.Digest == "" && count == 1 {
		a.Digest = defaultDigest(a.Content)
	}
	if count > 1 {
		a.Digest = ""
	}
	a.URL = ""
	return a
}

// getDraft is POST /cgi-bin/draft/get.
func (s *Server) getDraft(c *call) (any, *apiError) {
	st, d, e := s.findDraft(c)
	if e != nil {
		return nil, e
	}
	defer st.mu.Unlock()
	return map[string]any{"news_item": d.articles}, nil
}

// updateDraft is POST /cgi-bin/draft/update: replaces the article at index.
func (s *Server) updateDraft(c *call) (any, *apiError) {
	var req struct {
		MediaID  string  `json:"media_id"`
		Index    int     `json:"index"`
		Articles Article `json:"articles"`
	}
	if e := c.decode(&req); e != nil {
		return nil, e
	}
	st := c.acct
	st.mu.Lock()
	defer st.mu.Unlock()
	d := st.drafts[req.MediaID]
	switch {
	case d == nil:
		return nil, fail(CodeInvalidMediaID)
	case req.Index < 0 || req.Index >= len(d.articles):
		return nil, fail(CodeInvalidArgs)
	}
	if e := req.Articles.validate(st.isCover); e != nil {
		return nil, e
	}
	d.articles[req.Index] = prepare(req.Articles, len(d.articles))
	d.updated = c.now
	return nil, nil
}

// deleteDraft is POST /cgi-bin/draft/delete.
func (s *Server) deleteDraft(c *call) (any, *apiError) {
	st, d, e := s.findDraft(c)
	if e != nil {
		return nil, e
	}
	defer st.mu.Unlock()
	delete(st.drafts, d.mediaID)
	return nil, nil
}

// countDrafts is GET /cgi-bin/draft/count.
func (s *Server) countDrafts(c *call) (any, *apiError) {
	st := c.acct
	st.mu.Lock()
	defer st.mu.Unlock()
	return map[string]any{"total_count": len(st.drafts)}, nil
}

// listDrafts is POST /cgi-bin/draft/batchget, newest first.
func (s *Server) listDrafts(c *call) (any, *apiError) {
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
	all := make([]*draft, 0, len(st.drafts))
	for _, d := range st.drafts {
		all = append(all, d)
	}
	slices.SortFunc(all, func(a, b *draft) int { return b.updated.Compare(a.updated) })
	items := []map[string]any{}
	lo, hi := req.bounds(len(all))
	for _, d := range all[lo:hi] {
		items = append(items, map[string]any{
			"media_id":    d.mediaID,
			"content":     map[string]any{"news_item": req.articles(d.articles)},
			"update_time": d.updated.Unix(),
		})
	}
	return map[string]any{"total_count": len(all), "item_count": len(items), "item": items}, nil
}

// findDraft decodes {"media_id"} and returns the draft with the account
// locked; the caller unlocks.
func (s *Server) findDraft(c *call) (*accountState, *draft, *apiError) {
	var req struct {
		MediaID string `json:"media_id"`
	}
	if e := c.decode(&req); e != nil {
		return nil, nil, e
	}
	st := c.acct
	st.mu.Lock()
	d := st.drafts[req.MediaID]
	if d == nil {
		st.mu.Unlock()
		return nil, nil, fail(CodeInvalidMediaID)
	}
	return st, d, nil
}

// Draft returns the articles of one of appid's drafts, as stored after
// WeChat's clean-up.
func (s *Server) Draft(appid, mediaID string) ([]Article, bool) {
	st := s.account(appid)
	if st == nil {
		return nil, false
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	d := st.drafts[mediaID]
	if d == nil {
		return nil, false
	}
	return slices.Clone(d.articles), true
}
