package wechattest

import (
	"slices"
	"time"
)

// PublishStatus is a freepublish job's publish_status.
type PublishStatus int

// The documented publish statuses.
const (
	PublishSuccess        PublishStatus = 0 // 成功
	Publishing            PublishStatus = 1 // 发布中
	PublishOriginalFailed PublishStatus = 2 // 原创失败
	PublishFailed         PublishStatus = 3 // 常规失败
	PublishRejected       PublishStatus = 4 // 平台审核不通过
	PublishDeleted        PublishStatus = 5 // 成功后用户删除所有文章
	PublishBanned         PublishStatus = 6 // 成功后系统封禁所有文章
)

// publishJob is one freepublish/submit and what became of it.
type publishJob struct {
	id, msgDataID int64
	mediaID       string
	articles      []Article // snapshot of the draft at submit
	status        PublishStatus
	articleID     string
	deleted       []bool
	failIdx       []int
	updated       time.Time
}

type publishOutcome struct {
	status  PublishStatus
	failIdx []int
}

// submitPublish is POST /cgi-bin/freepublish/submit: the draft's media_id
// becomes a job that finishes after PublishDelay.
func (s *Server) submitPublish(c *call) (any, *apiError) {
	var req struct {
		MediaID string `json:"media_id"`
	}
	if e := c.decode(&req); e != nil {
		return nil, e
	}
	st := c.acct
	st.mu.Lock()
	defer st.mu.Unlock()
	d := st.drafts[req.MediaID]
	if d == nil {
		return nil, fail(CodeInvalidMediaID)
	}
	job := &publishJob{
		id: s.nextID(), msgDataID: s.nextID(), mediaID: d.mediaID,
		articles: slices.Clone(d.articles), status: Publishing, updated: c.now,
	}
	st.publishes[job.id] = job
	st.counts.PublishesSubmitted++
	outcome := publishOutcome{status: PublishSuccess}
	if len(st.outcomes) > 0 {
		outcome, st.outcomes = st.outcomes[0], st.outcomes[1:]
	}
	s.after(s.opts.PublishDelay, func() { s.finishPublish(st, job, outcome) })
	return map[string]any{"errcode": 0, "errmsg": "ok", "publish_id": job.id, "msg_data_id": job.msgDataID}, nil
}

// finishPublish settles a job and pushes PUBLISHJOBFINISH. A successful
// publication gets an article_id and URLs, and its draft leaves the box.
func (s *Server) finishPublish(st *accountState, job *publishJob, out publishOutcome) {
	now := s.now()
	st.mu.Lock()
	job.status, job.updated = out.status, now
	switch out.status {
	case PublishSuccess, PublishDeleted, PublishBanned:
		job.articleID = randomText(44)
		job.deleted = make([]bool, len(job.articles))
		for i := range job.articles {
			job.articles[i].URL = articleURL(job.msgDataID, i+1)
		}
		st.articles[job.articleID] = job
		delete(st.drafts, job.mediaID)
	case PublishOriginalFailed, PublishRejected:
		job.failIdx = out.failIdx
		if len(job.failIdx) == 0 {
			job.failIdx = []int{1}
		}
	}
	event := publishEvent(st.cfg, job, now)
	st.mu.Unlock()
	s.pushEvent(st, "PUBLISHJOBFINISH", event)
}

// QueuePublishOutcome makes appid's next freepublish job end in status
// (with failIdx for statuses 2 and 4; default article 1). Outcomes queue up;
// jobs without one succeed.
func (s *Server) QueuePublishOutcome(appid string, status PublishStatus, failIdx ...int) error {
	st, err := s.mustAccount(appid)
	if err != nil {
		return err
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	st.outcomes = append(st.outcomes, publishOutcome{status: status, failIdx: failIdx})
	return nil
}

// BanPublication marks a published article_id as banned by the platform
// (publish_status 6), as WeChat may do after success.
func (s *Server) BanPublication(appid, articleID string) error {
	st, err := s.mustAccount(appid)
	if err != nil {
		return err
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	job := st.articles[articleID]
	if job == nil {
		return errUnknown("article_id", articleID)
	}
	job.status, job.updated = PublishBanned, s.now()
	return nil
}

// Published returns the articles of one of appid's publications by its
// article_id, as published.
func (s *Server) Published(appid, articleID string) ([]Article, bool) {
	st := s.account(appid)
	if st == nil {
		return nil, false
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	job := st.articles[articleID]
	if job == nil {
		return nil, false
	}
	return slices.Clone(job.articles), true
}
