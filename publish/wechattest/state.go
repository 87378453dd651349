package wechattest

import "time"

// accountState is everything the stand-in keeps for one account. Its mutex
// guards all fields; calls on different accounts never wait for each other.
type accountState struct {
	mu  accountLock
	cfg Account

	followers map[string]bool
	windows   map[string]*replyWindow // customer-service quota per openid
	customs   []CustomMessage         // customer-service messages accepted

	tokenDay, stableDay     string // Beijing-time day of the counters below
	tokenCalls, stableCalls int
	normal, stable          *token // current tokens of the two token APIs
	lastForce               time.Time

	materials map[string]*material // permanent, by media_id
	media     map[string]*material // temporary, by media_id

	drafts    map[string]*draft
	publishes map[int64]*publishJob
	articles  map[string]*publishJob // by article_id
	outcomes  []publishOutcome       // queued by QueuePublishOutcome

	masses       map[int64]*massSend
	clientMsgIDs map[string]*massSend
	massAccepted []time.Time

	menu      *menuState          // the custom menu; nil: none
	userDays  map[string]*userDay // follows and unfollows per Beijing day
	baseUsers int                 // followers before the first day recorded

	counts Counts
}

func newAccountState(a Account) *accountState {
	st := &accountState{
		cfg:          a,
		followers:    map[string]bool{},
		windows:      map[string]*replyWindow{},
		materials:    map[string]*material{},
		media:        map[string]*material{},
		drafts:       map[string]*draft{},
		publishes:    map[int64]*publishJob{},
		articles:     map[string]*publishJob{},
		masses:       map[int64]*massSend{},
		clientMsgIDs: map[string]*massSend{},
		userDays:     map[string]*userDay{},
		baseUsers:    len(a.Followers),
	}
	for _, id := range a.Followers {
		st.followers[id] = true
	}
	return st
}

// snapshot returns the account's configuration with its current followers.
func (st *accountState) snapshot() Account {
	st.mu.Lock()
	defer st.mu.Unlock()
	a := st.cfg
	a.Followers = st.followerList()
	return a
}

func (st *accountState) followerList() []string {
	ids := make([]string, 0, len(st.followers))
	for id := range st.followers {
		ids = append(ids, id)
	}
	return ids
}

// beijing is the time zone WeChat's daily and monthly quotas reset in.
var beijing = time.FixedZone("CST", 8*3600)

func dayOf(t time.Time) string   { return t.In(beijing).Format("2006-01-02") }
func monthOf(t time.Time) string { return t.In(beijing).Format("2006-01") }
