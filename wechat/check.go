package wechat

import (
	"context"
	"errors"
	"regexp"

	"govmedia"
)

// CheckCredentials asks WeChat for an access token with appID and
// secret, through the stable-token endpoint in normal mode (which retires
// no token in use), and explains a refusal in the user's words:
// EINVALID for a malformed or wrong AppID or AppSecret, EFORBIDDEN for a
// caller IP missing from the account's whitelist (naming the IP to add), an
// API the account may not use (unverified) or a used-up daily quota,
// EINTERNAL when WeChat cannot be reached. No message holds the secret.
func CheckCredentials(ctx context.Context, appID, secret string) error {
	c := Credentials{AppID: appID, AppSecret: secret}.Trimmed()
	if err := c.validateAPI(); err != nil {
		return err
	}
	_, err := fetchStableToken(ctx, c.AppID, c.AppSecret, false)
	return explainCheck(c.AppID, err)
}

// whitelistIP finds the caller's IP in a 40164 errmsg:
// "invalid ip 203.0.113.9 ipv6 ::ffff:203.0.113.9, not in whitelist rid: …".
var whitelistIP = regexp.MustCompile(`invalid ip ([0-9A-Fa-f.:]+)`)

// explainCheck turns a failed token fetch into a message for the user.
func explainCheck(appID string, err error) error {
	var we *Error
	if err == nil || !errors.As(err, &we) {
		return err
	}
	switch we.Code {
	case 40001, 40125:
		return govmedia.Errorf(govmedia.EINVALID, "wechat.check.bad_secret", "appid", appID)
	case 40013:
		return govmedia.Errorf(govmedia.EINVALID, "wechat.check.bad_app_id", "appid", appID)
	case 40164:
		var ip any = govmedia.Text("wechat.check.this_server_ip")
		if m := whitelistIP.FindStringSubmatch(we.Msg); m != nil {
			ip = m[1]
		}
		return govmedia.Errorf(govmedia.EFORBIDDEN, "wechat.check.ip_not_whitelisted", "ip", ip)
	case 48001:
		return govmedia.Errorf(govmedia.EFORBIDDEN, "wechat.check.unauthorized", "appid", appID)
	case 45009:
		return govmedia.Errorf(govmedia.EFORBIDDEN, "wechat.check.quota", "appid", appID)
	case 0:
		return govmedia.Errorf(govmedia.EINTERNAL, "wechat.check.unreachable")
	}
	return govmedia.Errorf(govmedia.EINVALID, "wechat.check.failed", "code", we.Code, "message", we.Msg)
}
