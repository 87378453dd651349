package main

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"

	"govmedia"
	"govmedia/publish"
	"govmedia/publish/wechattest"
	"govmedia/registry"
	"govmedia/wechat"
)

// sandboxAccounts are the active WeChat official accounts the sandbox
// seeds, so that a publication has somewhere to go.
var sandboxAccounts = []struct{ name, org, originalID string }{
	{"五华发布", "km.wuhua", "gh_5a0000000001"},
	{"五华民政", "km.wuhua.dept.mz", "gh_5a0000000002"},
	{"华山街道", "km.wuhua.huashan", "gh_5a0000000003"},
	{"昆明发布", "km.office", "gh_5a0000000004"},
}

// sandboxCredentials are the stand-in credentials of a seeded account,
// the same at every start.
func sandboxCredentials(name string) wechat.Credentials {
	sum := sha256.Sum256([]byte("govmedia sandbox " + name))
	h := hex.EncodeToString(sum[:])
	return wechat.Credentials{AppID: "wx" + h[:16], AppSecret: h[16:48], Token: "sandbox" + h[48:56],
		EncodingAESKey: strings.TrimRight(base64.StdEncoding.EncodeToString(sum[:]), "=")}
}

// seedWeChat registers the seeded accounts in the registry (once) and on
// the stand-in, whose callbacks it points at this service at every start
// (the port may have changed; what the stand-in keeps of each account
// stays).
func seedWeChat(ctx context.Context, app *App, wx *wechattest.Server, callbackBase string) error {
	for i, s := range sandboxAccounts {
		c := sandboxCredentials(s.name)
		id, err := sandboxAccount(ctx, app, s.name, s.org, s.originalID, c.AppID)
		if err != nil {
			return err
		}
		c.AccountID = id
		if err := wechat.StoreCredentials(ctx, app.db, app.box, c, app.registry.Now()); err != nil {
			return err
		}
		err = wx.PutAccount(wechattest.Account{AppID: c.AppID, Secret: c.AppSecret, OriginalID: s.originalID, Kind: wechattest.Service,
			Verified: true, Followers: []string{fmt.Sprintf("o-sandbox-%d-a", i), fmt.Sprintf("o-sandbox-%d-b", i)},
			Callback: wechattest.Callback{URL: callbackBase + "/wechat/" + c.AppID, Token: c.Token, EncodingAESKey: c.EncodingAESKey, Mode: wechattest.Safe}})
		if err != nil {
			return err
		}
	}
	return nil
}

func sandboxAccount(ctx context.Context, app *App, name, org, originalID, appID string) (int64, error) {
	if v, err := app.registry.Lookup(ctx, originalID); err == nil && len(v.Matches) > 0 {
		return v.Matches[0].ID, nil
	}
	f := registry.Fields{Platform: registry.WeChatOA, WeChatKind: registry.Service, Name: name, OriginalID: originalID, AppID: appID,
		PersonInCharge: "沙盒", Domains: []string{"compulsory-education"}, SecondAccountReason: "沙盒示例"}
	a, err := app.registry.CreateAccount(ctx, app.db, org, f, registry.Active, registry.Change{Actor: govmedia.Operator("sandbox"), Action: "account.import"})
	if err != nil {
		return 0, err
	}
	return a.ID, nil
}

// seedCover gives the city a default cover, so that a publication sent
// without one still goes out.
func seedCover(ctx context.Context, p *publish.Publisher) error {
	return p.SetDefaultCover(ctx, "km", sandboxCoverJPEG(), "cover.jpg")
}
