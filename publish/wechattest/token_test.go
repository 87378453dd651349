package wechattest

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

func (h *harness) stable(a Account, force bool) result {
	h.t.Helper()
	return h.post("/cgi-bin/stable_token", "", map[string]any{
		"grant_type": "client_credential", "appid": a.AppID, "secret": a.Secret, "force_refresh": force,
	})
}

func (h *harness) countDrafts(token string) result {
	h.t.Helper()
	return h.get("/cgi-bin/draft/count", url.Values{"access_token": {token}})
}

func TestStableTokenRepeatsUntilForceRefresh(t *testing.T) {
	h := newHarness(t, Options{})
	a := h.account("s")
	first := h.stable(a, false)
	if again := h.stable(a, false); again.str("access_token") != first.str("access_token") {
		t.Fatal("normal-mode stable_token changed a valid token")
	}
	forced := h.stable(a, true).str("access_token")
	if forced == first.str("access_token") {
		t.Fatal("force_refresh returned the old token")
	}
	wantCode(t, "old token in its grace period", h.countDrafts(first.str("access_token")), 0)
	h.clock.Advance(5*time.Minute + time.Second)
	wantCode(t, "old token after the grace period", h.countDrafts(first.str("access_token")), CodeInvalidCredential)
	wantCode(t, "new token", h.countDrafts(forced), 0)
}

func TestForceRefreshWithin30SecondsKeepsTheToken(t *testing.T) {
	h := newHarness(t, Options{})
	a := h.account("f")
	one := h.stable(a, true).str("access_token")
	if two := h.stable(a, true).str("access_token"); two != one {
		t.Fatal("a second force refresh within 30 s issued a new token")
	}
	h.clock.Advance(31 * time.Second)
	if three := h.stable(a, true).str("access_token"); three == one {
		t.Fatal("force refresh after 30 s kept the token")
	}
}

func TestStableTokenRenewsInItsLastFiveMinutes(t *testing.T) {
	h := newHarness(t, Options{})
	a := h.account("r")
	old := h.stable(a, false)
	h.clock.Advance(7200*time.Second - 4*time.Minute)
	renewed := h.stable(a, false)
	if renewed.str("access_token") == old.str("access_token") || renewed.num("expires_in") != 7200 {
		t.Fatalf("stable_token 4 minutes before expiry = %v, want a new 7200 s token", renewed)
	}
	wantCode(t, "old token until its own expiry", h.countDrafts(old.str("access_token")), 0)
}

func TestTokensExpire(t *testing.T) {
	h := newHarness(t, Options{TokenTTL: time.Hour})
	a := h.account("e")
	tok := h.token(a)
	h.clock.Advance(time.Hour)
	wantCode(t, "token after its TTL", h.countDrafts(tok), CodeTokenExpired)
	tok = h.token(a)
	h.s.ExpireTokens(a.AppID)
	wantCode(t, "token after ExpireTokens", h.countDrafts(tok), CodeTokenExpired)
	wantCode(t, "missing token", h.countDrafts(""), CodeTokenMissing)
	wantCode(t, "unknown token", h.countDrafts("nonsense"), CodeInvalidCredential)
}

func TestNewTokenRetiresTheOldAfterGrace(t *testing.T) {
	h := newHarness(t, Options{TokenGrace: -1})
	a := h.account("g")
	old := h.token(a)
	h.token(a)
	wantCode(t, "replaced token without grace", h.countDrafts(old), CodeInvalidCredential)
}

func TestTokenDailyQuota(t *testing.T) {
	h := newHarness(t, Options{TokenDailyQuota: 2})
	a := h.account("q")
	h.token(a)
	h.token(a)
	q := url.Values{"grant_type": {"client_credential"}, "appid": {a.AppID}, "secret": {a.Secret}}
	wantCode(t, "third token of the day", h.get("/cgi-bin/token", q), CodeDailyQuota)
	h.clock.Advance(12 * time.Hour) // past midnight, Beijing time
	wantCode(t, "first token of the next day", h.get("/cgi-bin/token", q), 0)
}

func TestTokenCredentialChecks(t *testing.T) {
	h := newHarness(t, Options{})
	a := h.account("c", func(a *Account) { a.IPWhitelist = []string{"198.51.100.1"} })
	b := h.account("d")
	q := func(appid, secret string) url.Values {
		return url.Values{"grant_type": {"client_credential"}, "appid": {appid}, "secret": {secret}}
	}
	wantCode(t, "unknown appid", h.get("/cgi-bin/token", q("wxnone", "x")), CodeInvalidAppID)
	wantCode(t, "wrong secret", h.get("/cgi-bin/token", q(b.AppID, "wrong")), CodeInvalidAppSecret)
	wantCode(t, "missing appid", h.get("/cgi-bin/token", q("", "x")), CodeAppIDMissing)
	r := h.get("/cgi-bin/token", q(a.AppID, a.Secret))
	wantCode(t, "caller outside the whitelist", r, CodeIPNotWhitelisted)
	if msg := r.str("errmsg"); !strings.HasPrefix(msg, "invalid ip 127.0.0.1 ipv6 ::ffff:127.0.0.1, not in whitelist rid: ") {
		t.Fatalf("40164 message %q does not name the caller IP as WeChat does", msg)
	}
}
