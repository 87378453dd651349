package wechattest

import (
	"cmp"
	"maps"
	"slices"
	"time"
)

// accountRecord is an account's state as its file holds it: everything the
// platform would remember across a restart of the stand-in (tokens,
// counters, materials, drafts, publications, mass sends), not the
// evidence kept for tests (calls, pushes) nor injected faults.
type accountRecord struct {
	Config       Account
	Followers    []string
	Windows      map[string]windowRecord `json:",omitempty"`
	TokenDay     string                  `json:",omitempty"`
	StableDay    string                  `json:",omitempty"`
	TokenCalls   int                     `json:",omitempty"`
	StableCalls  int                     `json:",omitempty"`
	Tokens       []tokenRecord           `json:",omitempty"`
	Normal       string                  `json:",omitempty"` // the value of the current /cgi-bin/token token
	Stable       string                  `json:",omitempty"` // the value of the current stable_token token
	LastForce    time.Time
	Materials    []materialRecord         `json:",omitempty"`
	Media        []materialRecord         `json:",omitempty"`
	Drafts       []draftRecord            `json:",omitempty"`
	Publishes    []publishRecord          `json:",omitempty"`
	Outcomes     []outcomeRecord          `json:",omitempty"`
	Masses       []massRecord             `json:",omitempty"`
	MassAccepted []time.Time              `json:",omitempty"`
	Menu         *menuRecord              `json:",omitempty"`
	UserDays     map[string]userDayRecord `json:",omitempty"` // by Beijing day
	BaseUsers    int                      // followers before the first day recorded
	Counts       Counts
}

type menuRecord struct {
	ID      int64
	Buttons []MenuButton
	SetAt   time.Time
}

type userDayRecord struct {
	New, Cancel map[int]int // by user_source
}

type windowRecord struct {
	Left  int
	Until time.Time
}

type tokenRecord struct {
	Value    string
	Expires  time.Time
	Replaced bool `json:",omitempty"`
}

type materialRecord struct {
	MediaID, MediaType, Name string
	Size                     int64
	URL                      string `json:",omitempty"`
	Created                  time.Time
}

type draftRecord struct {
	MediaID  string
	Articles []Article
	Updated  time.Time
}

type publishRecord struct {
	ID, MsgDataID int64
	MediaID       string
	Articles      []Article
	Status        PublishStatus
	ArticleID     string `json:",omitempty"`
	Deleted       []bool `json:",omitempty"`
	FailIdx       []int  `json:",omitempty"`
	Updated       time.Time
}

type outcomeRecord struct {
	Status  PublishStatus
	FailIdx []int `json:",omitempty"`
}

type massRecord struct {
	ID, MsgDataID    int64
	ClientMsgID      string `json:",omitempty"`
	MsgType, MediaID string
	Status           string
	Accepted         time.Time
	Total, Filter    int
	Articles         []Article `json:",omitempty"`
}

// recordOf copies the account's state; the account's lock is held, and the
// tokens of the account are read under the server's (in that order, as
// issueToken takes them). Maps are written in a fixed order, so that an
// unchanged state gives the same bytes.
func (s *Server) recordOf(st *accountState) accountRecord {
	r := accountRecord{
		Config: st.cfg, Followers: slices.Sorted(maps.Keys(st.followers)), Windows: map[string]windowRecord{},
		TokenDay: st.tokenDay, StableDay: st.stableDay, TokenCalls: st.tokenCalls, StableCalls: st.stableCalls,
		LastForce: st.lastForce, MassAccepted: st.massAccepted, Counts: st.counts, BaseUsers: st.baseUsers,
	}
	r.Config.Followers = nil
	if st.menu != nil {
		r.Menu = &menuRecord{ID: st.menu.id, Buttons: st.menu.buttons, SetAt: st.menu.setAt}
	}
	if len(st.userDays) > 0 {
		r.UserDays = map[string]userDayRecord{}
		for day, d := range st.userDays {
			r.UserDays[day] = userDayRecord{New: d.newUsers, Cancel: d.cancelUsers}
		}
	}
	for id, w := range st.windows {
		r.Windows[id] = windowRecord{Left: w.left, Until: w.until}
	}
	r.Normal, r.Stable = tokenValue(st.normal), tokenValue(st.stable)
	r.Tokens = s.tokensOf(st.cfg.AppID)
	r.Materials, r.Media = materialRecords(st.materials), materialRecords(st.media)
	for _, id := range slices.Sorted(maps.Keys(st.drafts)) {
		d := st.drafts[id]
		r.Drafts = append(r.Drafts, draftRecord{MediaID: d.mediaID, Articles: d.articles, Updated: d.updated})
	}
	for _, id := range slices.Sorted(maps.Keys(st.publishes)) {
		j := st.publishes[id]
		r.Publishes = append(r.Publishes, publishRecord{ID: j.id, MsgDataID: j.msgDataID, MediaID: j.mediaID, Articles: j.articles,
			Status: j.status, ArticleID: j.articleID, Deleted: j.deleted, FailIdx: j.failIdx, Updated: j.updated})
	}
	for _, o := range st.outcomes {
		r.Outcomes = append(r.Outcomes, outcomeRecord{Status: o.status, FailIdx: o.failIdx})
	}
	for _, id := range slices.Sorted(maps.Keys(st.masses)) {
		m := st.masses[id]
		r.Masses = append(r.Masses, massRecord{ID: m.id, MsgDataID: m.msgDataID, ClientMsgID: m.clientMsgID, MsgType: m.msgType,
			MediaID: m.mediaID, Status: m.status, Accepted: m.accepted, Total: m.total, Filter: m.filter, Articles: m.articles})
	}
	return r
}

// tokensOf lists appid's tokens, oldest expiry first.
func (s *Server) tokensOf(appid string) []tokenRecord {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []tokenRecord
	for _, t := range s.tokens {
		if t.appid == appid {
			out = append(out, tokenRecord{Value: t.value, Expires: t.expires, Replaced: t.replaced})
		}
	}
	slices.SortFunc(out, func(a, b tokenRecord) int {
		if c := a.Expires.Compare(b.Expires); c != 0 {
			return c
		}
		return cmp.Compare(a.Value, b.Value)
	})
	return out
}

func tokenValue(t *token) string {
	if t == nil {
		return ""
	}
	return t.value
}

func materialRecords(m map[string]*material) []materialRecord {
	var out []materialRecord
	for _, id := range slices.Sorted(maps.Keys(m)) {
		x := m[id]
		out = append(out, materialRecord{MediaID: x.mediaID, MediaType: x.mediaType, Name: x.name, Size: x.size, URL: x.url, Created: x.created})
	}
	return out
}

// restore rebuilds an account from its record, and returns its tokens for
// the server's table.
func (r accountRecord) restore() (*accountState, []*token) {
	cfg := r.Config
	cfg.Followers = r.Followers
	st := newAccountState(cfg)
	st.tokenDay, st.stableDay, st.tokenCalls, st.stableCalls = r.TokenDay, r.StableDay, r.TokenCalls, r.StableCalls
	st.lastForce, st.massAccepted, st.counts, st.baseUsers = r.LastForce, r.MassAccepted, r.Counts, r.BaseUsers
	if r.Menu != nil {
		st.menu = &menuState{id: r.Menu.ID, buttons: r.Menu.Buttons, setAt: r.Menu.SetAt}
	}
	for day, d := range r.UserDays {
		st.userDays[day] = &userDay{newUsers: orNoUsers(d.New), cancelUsers: orNoUsers(d.Cancel)}
	}
	for id, w := range r.Windows {
		st.windows[id] = &replyWindow{left: w.Left, until: w.Until}
	}
	var tokens []*token
	for _, t := range r.Tokens {
		tok := &token{value: t.Value, appid: cfg.AppID, expires: t.Expires, replaced: t.Replaced}
		tokens = append(tokens, tok)
		switch t.Value {
		case r.Normal:
			st.normal = tok
		case r.Stable:
			st.stable = tok
		}
	}
	restoreMaterials(st.materials, r.Materials)
	restoreMaterials(st.media, r.Media)
	for _, d := range r.Drafts {
		st.drafts[d.MediaID] = &draft{mediaID: d.MediaID, articles: d.Articles, updated: d.Updated}
	}
	for _, p := range r.Publishes {
		j := &publishJob{id: p.ID, msgDataID: p.MsgDataID, mediaID: p.MediaID, articles: p.Articles, status: p.Status,
			articleID: p.ArticleID, deleted: p.Deleted, failIdx: p.FailIdx, updated: p.Updated}
		st.publishes[j.id] = j
		if j.articleID != "" {
			st.articles[j.articleID] = j
		}
	}
	for _, o := range r.Outcomes {
		st.outcomes = append(st.outcomes, publishOutcome{status: o.Status, failIdx: o.FailIdx})
	}
	for _, m := range r.Masses {
		ms := &massSend{id: m.ID, msgDataID: m.MsgDataID, clientMsgID: m.ClientMsgID, msgType: m.MsgType, mediaID: m.MediaID,
			status: m.Status, accepted: m.Accepted, total: m.Total, filter: m.Filter, articles: m.Articles}
		st.masses[ms.id] = ms
		if ms.clientMsgID != "" {
			st.clientMsgIDs[ms.clientMsgID] = ms
		}
	}
	return st, tokens
}

func restoreMaterials(into map[string]*material, from []materialRecord) {
	for _, m := range from {
		into[m.MediaID] = &material{mediaID: m.MediaID, mediaType: m.MediaType, name: m.Name, size: m.Size, url: m.URL, created: m.Created}
	}
}

// highestID is the largest publish, message or msg_data id the account
// handed out, so that a reopened stand-in hands out none twice.
func (r accountRecord) highestID() int64 {
	var top int64
	for _, p := range r.Publishes {
		top = max(top, p.ID, p.MsgDataID)
	}
	for _, m := range r.Masses {
		top = max(top, m.ID, m.MsgDataID)
	}
	if r.Menu != nil {
		top = max(top, r.Menu.ID)
	}
	return top
}

func orNoUsers(m map[int]int) map[int]int {
	if m == nil {
		return map[int]int{}
	}
	return m
}
