package main

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/uptrace/bun"

	"govmedia/bot"
	"govmedia/publish/wechattest"
)

// The sandbox's WeChat stand-in knows only the seeded accounts, while an
// account approved during a session was never registered on any
// platform: binding it would always fail. In the sandbox, the first check
// of a well-formed AppID the stand-in does not know registers it there
// with the AppSecret typed, as the platform would have it once the unit
// registered the account (any wx followed by 16 of 0-9a-f, and 32 letters
// and digits, will do); binding then gives the stand-in the account's
// server configuration, so that it pushes to this service as the real
// platform does once configured.

var (
	sandboxAppID  = regexp.MustCompile(`^wx[0-9a-f]{16}$`)
	sandboxSecret = regexp.MustCompile(`^[0-9a-fA-F]{32}$`)
)

// sandboxBinder is the sandbox's credentials binder.
type sandboxBinder struct {
	credentialBinder
	wx           *wechattest.Server
	callbackBase string // this service, as the stand-in reaches it
}

// CheckWeChat registers a new, well-formed AppID on the stand-in before
// checking the credentials with it.
func (b sandboxBinder) CheckWeChat(ctx context.Context, appID, secret string) error {
	appID, secret = strings.TrimSpace(appID), strings.TrimSpace(secret)
	if sandboxAppID.MatchString(appID) && sandboxSecret.MatchString(secret) {
		err := b.wx.AddAccount(wechattest.Account{AppID: appID, Secret: secret, Kind: wechattest.Subscription, Verified: true,
			Followers: []string{"o-sandbox-" + appID[2:10] + "-a", "o-sandbox-" + appID[2:10] + "-b"}})
		if err != nil && !strings.Contains(err.Error(), "already registered") {
			return fmt.Errorf("registering %s on the sandbox's WeChat: %w", appID, err)
		}
	}
	return b.credentialBinder.CheckWeChat(ctx, appID, secret)
}

// BindWeChat stores the credentials, then points the stand-in's pushes
// for the account at this service.
func (b sandboxBinder) BindWeChat(ctx context.Context, tx bun.Tx, accountID int64, creds bot.WeChatCredentials) error {
	if err := b.credentialBinder.BindWeChat(ctx, tx, accountID, creds); err != nil {
		return err
	}
	cb := wechattest.Callback{URL: b.callbackBase + "/wechat/" + creds.AppID, Token: creds.Token, Mode: wechattest.Plain}
	if creds.EncodingAESKey != "" {
		cb.EncodingAESKey, cb.Mode = creds.EncodingAESKey, wechattest.Safe
	}
	return b.wx.SetCallback(creds.AppID, cb)
}
