package wechattest

import (
	"sync"
	"time"
)

// Call is one API call as the stand-in answered it.
type Call struct {
	Time       time.Time
	Path       string // e.g. "/cgi-bin/draft/add"
	AppID      string // "" when the token or appid was unknown
	ErrCode    int    // 0 for success
	HTTPStatus int    // 200, an injected 5xx, or 0 for a hang
	Injected   bool   // answered by an injected fault
}

// Counts are an account's successful writes, for "exactly once" proofs.
type Counts struct {
	TokensIssued       int // new tokens from /cgi-bin/token and stable_token
	MaterialsUploaded  int // material/add_material accepted
	MediaUploaded      int // media/upload (temporary) accepted
	BodyImagesUploaded int // media/uploadimg accepted
	DraftsAdded        int // draft/add accepted
	PublishesSubmitted int // freepublish/submit accepted
	MassSendsAccepted  int // mass/sendall and mass/send accepted
	PreviewsSent       int // mass/preview accepted
	CustomMessagesSent int // message/custom/send accepted
}

type callLog struct {
	mu    sync.Mutex
	calls []Call
}

func (s *Server) record(c *call, errcode, status int, injected bool) {
	s.calls.mu.Lock()
	defer s.calls.mu.Unlock()
	s.calls.calls = append(s.calls.calls, Call{
		Time: c.now, Path: c.path, AppID: c.appid,
		ErrCode: errcode, HTTPStatus: status, Injected: injected,
	})
}

// Calls returns every call made for appid, oldest first; appid "" returns
// all calls, including those whose account was unknown.
func (s *Server) Calls(appid string) []Call {
	s.calls.mu.Lock()
	defer s.calls.mu.Unlock()
	var out []Call
	for _, c := range s.calls.calls {
		if appid == "" || c.AppID == appid {
			out = append(out, c)
		}
	}
	return out
}

// Counts returns appid's counters (zero for an unknown account).
func (s *Server) Counts(appid string) Counts {
	st := s.account(appid)
	if st == nil {
		return Counts{}
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.counts
}
