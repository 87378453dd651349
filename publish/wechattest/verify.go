package wechattest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// VerifyCallbackURL performs WeChat's check of a server configuration: a GET
// to callbackURL with signature, timestamp, nonce and echostr. It reports
// whether the server echoed echostr back, as it must to be accepted.
func VerifyCallbackURL(ctx context.Context, client *http.Client, callbackURL, token string) (bool, error) {
	ts, nonce, echo := strconv.FormatInt(time.Now().Unix(), 10), randomDigits(10), randomDigits(19)
	q := url.Values{"signature": {Signature(token, ts, nonce)}, "timestamp": {ts}, "nonce": {nonce}, "echostr": {echo}}
	sep := "?"
	if strings.Contains(callbackURL, "?") {
		sep = "&"
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, callbackURL+sep+q.Encode(), nil)
	if err != nil {
		return false, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return false, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if err != nil {
		return false, err
	}
	if resp.StatusCode != http.StatusOK {
		return false, fmt.Errorf("wechattest: callback answered HTTP %d", resp.StatusCode)
	}
	return strings.TrimSpace(string(body)) == echo, nil
}

// VerifyCallback runs VerifyCallbackURL against appid's callback
// configuration, with the stand-in's callback client and timeout.
func (s *Server) VerifyCallback(appid string) (bool, error) {
	st, err := s.mustAccount(appid)
	if err != nil {
		return false, err
	}
	cb := st.snapshot().Callback
	ctx, cancel := context.WithTimeout(s.ctx, s.opts.CallbackTimeout)
	defer cancel()
	return VerifyCallbackURL(ctx, s.opts.CallbackClient, cb.URL, cb.Token)
}
