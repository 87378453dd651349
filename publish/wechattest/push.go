package wechattest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Push is one message or event the stand-in posted to an account's callback
// URL, with every try.
type Push struct {
	AppID  string
	Event  string // "subscribe", "PUBLISHJOBFINISH"…, or "text" for a message
	OpenID string // the sender: a citizen, or "mphelper" for job events
	Body   []byte // the plain XML, before any encryption
	Tries  []Try
	Reply  *Reply // the passive reply, decrypted and verified; nil if none
	Err    error  // why no valid reply came, nil on success
}

// Try is one attempt of a push.
type Try struct {
	At      time.Time
	Status  int    // HTTP status, 0 when no answer came
	Err     string // transport error or timeout
	Elapsed time.Duration
}

// ErrNoAnswer is a push's error when no try got an HTTP 200 answer.
var ErrNoAnswer = errors.New("wechattest: callback gave no answer")

type pushLog struct {
	mu     sync.Mutex
	pushes []Push
}

// Pushes returns the pushes made to appid's callback, oldest first ("" for
// all accounts).
func (s *Server) Pushes(appid string) []Push {
	s.pushes.mu.Lock()
	defer s.pushes.mu.Unlock()
	var out []Push
	for _, p := range s.pushes.pushes {
		if appid == "" || p.AppID == appid {
			out = append(out, p)
		}
	}
	return out
}

// pushEvent pushes a job event if the account has a callback URL.
func (s *Server) pushEvent(st *accountState, event string, body []byte) {
	a := st.snapshot()
	if a.Callback.URL == "" {
		return
	}
	s.push(a, &Push{AppID: a.AppID, Event: event, OpenID: helperOpenID, Body: body})
}

// push delivers p like WeChat: each try waits CallbackTimeout, and a try
// without an HTTP 200 is repeated, CallbackTries in all. The answer is read
// as a passive reply. The push is logged whatever happens.
func (s *Server) push(a Account, p *Push) {
	defer s.logPush(p)
	target, body, err := seal(a, p, s.now())
	if err != nil {
		p.Err = err
		return
	}
	for range s.opts.CallbackTries {
		answer, ok := s.try(p, target, body)
		if ok {
			p.Reply, p.Err = parseReply(a, p.OpenID, answer)
			return
		}
		if s.ctx.Err() != nil {
			break
		}
	}
	p.Err = ErrNoAnswer
}

// try posts once and reports the answer when it is an HTTP 200.
func (s *Server) try(p *Push, target string, body []byte) ([]byte, bool) {
	ctx, cancel := context.WithTimeout(s.ctx, s.opts.CallbackTimeout)
	defer cancel()
	t := Try{At: time.Now()}
	defer func() { t.Elapsed = time.Since(t.At); p.Tries = append(p.Tries, t) }()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		t.Err = err.Error()
		return nil, false
	}
	req.Header.Set("Content-Type", "text/xml")
	resp, err := s.opts.CallbackClient.Do(req)
	if err != nil {
		t.Err = err.Error()
		return nil, false
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	t.Status = resp.StatusCode
	if err != nil {
		t.Err = err.Error()
		return nil, false
	}
	return answer, resp.StatusCode == http.StatusOK
}

func (s *Server) logPush(p *Push) {
	s.pushes.mu.Lock()
	defer s.pushes.mu.Unlock()
	s.pushes.pushes = append(s.pushes.pushes, *p)
}

// seal signs (and in compatible or safe mode encrypts) a push: the URL gets
// signature, timestamp and nonce (openid for citizens' messages), plus
// encrypt_type=aes and msg_signature when encrypted.
func seal(a Account, p *Push, now time.Time) (string, []byte, error) {
	cb := a.Callback
	ts, nonce := strconv.FormatInt(now.Unix(), 10), randomDigits(10)
	q := url.Values{"signature": {Signature(cb.Token, ts, nonce)}, "timestamp": {ts}, "nonce": {nonce}}
	if p.OpenID != helperOpenID {
		q.Set("openid", p.OpenID)
	}
	body := p.Body
	if cb.Mode != Plain {
		enc, err := EncryptMessage(cb.EncodingAESKey, a.AppID, nil, p.Body)
		if err != nil {
			return "", nil, err
		}
		q.Set("encrypt_type", "aes")
		q.Set("msg_signature", Signature(cb.Token, ts, nonce, enc))
		body = envelope(a, p.Body, enc)
	}
	sep := "?"
	if strings.Contains(cb.URL, "?") {
		sep = "&"
	}
	return cb.URL + sep + q.Encode(), body, nil
}

// envelope is the encrypted body: in safe mode only ToUserName and Encrypt;
// in compatible mode the plain fields with Encrypt added.
func envelope(a Account, plain []byte, enc string) []byte {
	field := fmt.Sprintf("<Encrypt><![CDATA[%s]]></Encrypt>", enc)
	if a.Callback.Mode == Compatible {
		return []byte(strings.TrimSuffix(string(plain), "</xml>") + field + "</xml>")
	}
	return []byte(fmt.Sprintf("<xml><ToUserName><![CDATA[%s]]></ToUserName>%s</xml>", a.OriginalID, field))
}

func randomDigits(n int) string {
	b := []byte(randomText(n))
	for i := range b {
		b[i] = '0' + b[i]%10
	}
	return string(b)
}
