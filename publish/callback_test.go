package publish_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"govmedia/publish"
	"govmedia/publish/wechattest"
)

func TestCallbackSpeaksStandardWeChatCryptoInEveryMode(t *testing.T) {
	w := newPubWorld(t, pubOpts{})
	modes := map[string]wechattest.SecurityMode{"plain": wechattest.Plain, "compatible": wechattest.Compatible, "safe": wechattest.Safe}
	for name, mode := range modes {
		a := w.addAccount("回调测试"+name, "km.dept.jyt", func(acc *wechattest.Account) { acc.Callback.Mode = mode })
		if ok, err := w.wx.VerifyCallback(a.creds.AppID); !ok || err != nil {
			t.Fatalf("%s: WeChat's URL check failed: %v", name, err)
		}
		reply, err := w.wx.Follow(a.creds.AppID, "o-new-"+name)
		if err != nil || !strings.Contains(reply.Content, "欢迎关注回调测试"+name) {
			t.Fatalf("%s: a new follower was answered %+v (%v), want the welcome", name, reply, err)
		}
		if mode == wechattest.Safe && !reply.Encrypted {
			t.Fatalf("safe mode: the reply was not encrypted")
		}
		n, _ := w.pub.Followers(w.ctx, a.id)
		if n != 1 {
			t.Fatalf("%s: %d followers counted, want 1", name, n)
		}
	}
}

func TestCitizensKeywordsFindDeliveredArticles(t *testing.T) {
	w := newPubWorld(t, pubOpts{})
	accounts := w.addAccounts(1, "km.dept.jyt")
	p := w.publishNotice(publish.Publish, "km.dept.jyt")
	w.waitDone(p.ID, 30*time.Second)
	reply, err := w.wx.SendText(accounts[0].creds.AppID, "o-follower-1", "安全生产")
	if err != nil || !strings.Contains(reply.Content, "《关于做好冬季安全生产工作的通知》") || !strings.Contains(reply.Content, "mp.weixin.qq.com") {
		t.Fatalf("keyword reply %q (%v), want the delivered article with its link", reply.Content, err)
	}
	reply, _ = w.wx.SendText(accounts[0].creds.AppID, "o-follower-1", "火星")
	if !strings.Contains(reply.Content, "暂未找到") {
		t.Fatalf("unknown keyword answered %q", reply.Content)
	}
}

func TestForgedAndReplayedCallbacksAreRefused(t *testing.T) {
	w := newPubWorld(t, pubOpts{})
	a := w.addAccount("验签测试", "km.dept.jyt", func(acc *wechattest.Account) { acc.Callback.Mode = wechattest.Plain })
	now := w.env.Clock.Now().Unix()
	body := `<xml><ToUserName>gh</ToUserName><FromUserName>o-x</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>安全</Content><MsgId>42</MsgId></xml>`
	cases := map[string]string{
		"no signature":  fmt.Sprintf("timestamp=%d&nonce=n", now),
		"bad signature": fmt.Sprintf("timestamp=%d&nonce=n&signature=deadbeef", now),
		"stale":         fmt.Sprintf("timestamp=%d&nonce=n&signature=%s", now-3600, wechattest.Signature(a.creds.Token, fmt.Sprint(now-3600), "n")),
	}
	for name, query := range cases {
		resp, err := http.Post(w.callback.URL+"/wechat/"+a.creds.AppID+"?"+query, "text/xml", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s: status %d, want 403", name, resp.StatusCode)
		}
	}
	safe := w.addAccount("加密账号", "km.dept.jyt")
	plainToSafe := fmt.Sprintf("timestamp=%d&nonce=n&signature=%s", now, wechattest.Signature(safe.creds.Token, fmt.Sprint(now), "n"))
	resp, err := http.Post(w.callback.URL+"/wechat/"+safe.creds.AppID+"?"+plainToSafe, "text/xml", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("a plain push to an account with an AES key: status %d, want 403 (downgrade refused)", resp.StatusCode)
	}
	good := fmt.Sprintf("timestamp=%d&nonce=n&signature=%s", now, wechattest.Signature(a.creds.Token, fmt.Sprint(now), "n"))
	for range 3 { // WeChat retries an unanswered message with the same MsgId
		resp, err := http.Post(w.callback.URL+"/wechat/"+a.creds.AppID+"?"+good, "text/xml", strings.NewReader(body))
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("a good message: %v %v", resp, err)
		}
		resp.Body.Close()
	}
	var seen int
	_ = w.env.DB.NewRaw("SELECT count(*) FROM callback_seen WHERE account_id = ?", a.id).Scan(w.ctx, &seen)
	if seen != 1 {
		t.Fatalf("a retried message was recorded %d times, want once", seen)
	}
}

// TestCitizensKeywordWildcardsAreLiteral: a citizen who sends "%" or "_" is
// looking for that character, not for every article the account published.
func TestCitizensKeywordWildcardsAreLiteral(t *testing.T) {
	w := newPubWorld(t, pubOpts{})
	accounts := w.addAccounts(1, "km.dept.jyt")
	p := w.publishNotice(publish.Publish, "km.dept.jyt")
	w.waitDone(p.ID, 30*time.Second)
	for _, keyword := range []string{"%", "_", "%%", "安全%", "冬_安全"} {
		reply, err := w.wx.SendText(accounts[0].creds.AppID, "o-follower-1", keyword)
		if err != nil || !strings.Contains(reply.Content, "暂未找到") || strings.Contains(reply.Content, "《") {
			t.Errorf("keyword %q answered %q (%v), want nothing found", keyword, reply.Content, err)
		}
	}
}
