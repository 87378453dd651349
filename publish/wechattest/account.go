package wechattest

import (
	"errors"
	"fmt"
	"strings"
)

// Kind is an official account's kind, which decides its mass-send quota.
type Kind int

const (
	// Subscription is a subscription account (订阅号): 1 mass send a day.
	Subscription Kind = iota
	// Service is a service account (服务号): 4 mass sends a month.
	Service
)

// SecurityMode is how pushes to the callback URL are protected (消息加解密方式).
type SecurityMode int

const (
	// Plain sends and expects plain XML (明文模式).
	Plain SecurityMode = iota
	// Compatible sends plain fields plus <Encrypt>; replies may be either
	// (兼容模式).
	Compatible
	// Safe sends only <Encrypt> and expects encrypted replies (安全模式).
	Safe
)

// Account is an official account as a test registers it.
type Account struct {
	AppID      string // wx…
	Secret     string // AppSecret
	OriginalID string // gh_…, the ToUserName of pushes; default "gh_" + AppID
	Kind       Kind
	Verified   bool // unverified accounts get 48001 on draft, freepublish, mass, menu, datacube

	// IPWhitelist lists the caller IPs allowed to fetch tokens; empty allows
	// any caller.
	IPWhitelist []string
	// Callback is where events and citizens' messages are pushed; an empty
	// URL pushes nothing.
	Callback Callback
	// Followers are the openids following the account.
	Followers []string
	// MassQuota overrides the mass sends allowed per period (a day for
	// subscription, a month for service accounts); 0 means 1 or 4.
	MassQuota int
}

// Callback is an account's server configuration (服务器配置).
type Callback struct {
	URL            string
	Token          string
	EncodingAESKey string // 43 characters; needed unless Mode is Plain
	Mode           SecurityMode
}

func (a Account) validate() error {
	if a.AppID == "" {
		return errors.New("wechattest: account needs an AppID")
	}
	if a.Secret == "" {
		return fmt.Errorf("wechattest: account %s needs a Secret", a.AppID)
	}
	if a.Callback.Mode != Plain {
		if _, err := decodeAESKey(a.Callback.EncodingAESKey); err != nil {
			return fmt.Errorf("wechattest: account %s: %w", a.AppID, err)
		}
	}
	return nil
}

func (a Account) withDefaults() Account {
	if a.OriginalID == "" {
		a.OriginalID = "gh_" + strings.TrimPrefix(a.AppID, "wx")
	}
	a.IPWhitelist = append([]string(nil), a.IPWhitelist...)
	a.Followers = append([]string(nil), a.Followers...)
	return a
}

// AddAccount registers an account. It fails if the AppID is taken or the
// configuration is incomplete.
func (s *Server) AddAccount(a Account) error {
	if err := a.validate(); err != nil {
		return err
	}
	st := newAccountState(a.withDefaults())
	s.mu.Lock()
	if _, ok := s.accounts[a.AppID]; ok {
		s.mu.Unlock()
		return fmt.Errorf("wechattest: account %s already registered", a.AppID)
	}
	s.accounts[a.AppID] = st
	s.mu.Unlock()
	s.keep(st, nil)
	return nil
}

// account returns the state of a registered account, or nil.
func (s *Server) account(appid string) *accountState {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.accounts[appid]
}

// mustAccount is account for the test-facing methods, which report unknown
// appids as errors.
func (s *Server) mustAccount(appid string) (*accountState, error) {
	if st := s.account(appid); st != nil {
		return st, nil
	}
	return nil, fmt.Errorf("wechattest: no account %s", appid)
}

// SetVerified records that appid passed WeChat's verification (微信认证),
// or lost it: the APIs kept for verified accounts follow at once.
func (s *Server) SetVerified(appid string, verified bool) error {
	st, err := s.mustAccount(appid)
	if err != nil {
		return err
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	st.cfg.Verified = verified
	return nil
}

// verified reports whether the account is verified now.
func (st *accountState) verified() bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.cfg.Verified
}
