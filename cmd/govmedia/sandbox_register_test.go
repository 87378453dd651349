package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"govmedia"
	"govmedia/publish/wechattest"
	"govmedia/wechat"
)

// TestTheSandboxAcceptsANewAccountsCredentials checks credentials the
// sandbox's stand-in has never seen: well-formed ones register the account
// there, as the platform has it once the unit registered it, and pass the
// check (the same again passes, another secret does not); malformed ones
// are refused with their reason.
func TestTheSandboxAcceptsANewAccountsCredentials(t *testing.T) {
	wx := wechattest.New(wechattest.Options{})
	if err := wechat.Configure(wx.Start(t), 5*time.Second); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = wechat.Configure("", 0) })
	b := sandboxBinder{wx: wx, callbackBase: "http://127.0.0.1:1"}
	ctx := context.Background()
	const appID, secret = "wx0123456789abcdef", "0123456789abcdef0123456789abcdef"
	if err := b.CheckWeChat(ctx, appID, secret); err != nil {
		t.Fatalf("new, well-formed credentials: %v", err)
	}
	if err := b.CheckWeChat(ctx, appID, secret); err != nil {
		t.Fatalf("the same credentials again: %v", err)
	}
	if err := b.CheckWeChat(ctx, appID, "ffffffffffffffffffffffffffffffff"); govmedia.ErrorCode(err) == "" {
		t.Errorf("another secret for a registered AppID was accepted")
	}
	err := b.CheckWeChat(ctx, "wx12", secret)
	if govmedia.ErrorCode(err) != govmedia.EINVALID || !strings.Contains(govmedia.ErrorMessage(govmedia.Chinese, err), "wx 开头") {
		t.Errorf("a malformed AppID: %v; want it refused with how an AppID looks", err)
	}
}
