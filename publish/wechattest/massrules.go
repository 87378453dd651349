package wechattest

import "time"

// Documented mass-send rules: a clientmsgid is at most 64 bytes and is
// remembered for 24 hours; send takes 2 to 10,000 openids.
const (
	maxClientMsgID  = 64
	clientMsgIDLife = 24 * time.Hour
	minOpenIDs      = 2
	maxOpenIDs      = 10000
)

// massContent checks what is sent: mpnews needs a draft of the account,
// media types an uploaded media, text some content.
func (st *accountState) massContent(req massRequest) (*massSend, *apiError) {
	m := &massSend{msgType: req.MsgType}
	switch req.MsgType {
	case "mpnews":
		if req.MPNews == nil || st.drafts[req.MPNews.MediaID] == nil {
			return nil, fail(CodeInvalidMediaID)
		}
		m.mediaID = req.MPNews.MediaID
		m.articles = append([]Article(nil), st.drafts[m.mediaID].articles...)
	case "text":
		if req.Text == nil || req.Text.Content == "" {
			return nil, fail(CodeEmptyContent)
		}
	case "voice", "image", "mpvideo":
		ref := map[string]*mediaRef{"voice": req.Voice, "image": req.Image, "mpvideo": req.MPVideo}[req.MsgType]
		if ref == nil || !st.hasMedia(ref.MediaID) {
			return nil, fail(CodeInvalidMediaID)
		}
		m.mediaID = ref.MediaID
	default:
		return nil, fail(CodeInvalidMessageType)
	}
	return m, nil
}

func (st *accountState) hasMedia(id string) bool {
	return st.materials[id] != nil || st.media[id] != nil
}

// hasMassQuota tells whether another mass send fits the period: a day for
// subscription accounts (1), a calendar month for service accounts (4).
func (st *accountState) hasMassQuota(now time.Time) bool {
	period, quota := dayOf, 1
	if st.cfg.Kind == Service {
		period, quota = monthOf, 4
	}
	if st.cfg.MassQuota > 0 {
		quota = st.cfg.MassQuota
	}
	used := 0
	for _, t := range st.massAccepted {
		if period(t) == period(now) {
			used++
		}
	}
	return used < quota
}
