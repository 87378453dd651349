package wechattest

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
)

// Reply is an account's passive reply to a push, as WeChat would deliver it
// to the citizen.
type Reply struct {
	Empty        bool // "success" or an empty body: nothing is shown
	Encrypted    bool // the reply came encrypted and verified
	ToUserName   string
	FromUserName string
	CreateTime   int64
	MsgType      string
	Content      string // text replies
	Raw          []byte // the reply's plain XML
}

// ErrPlainReplyInSafeMode is returned for an unencrypted reply from an
// account in safe mode, which WeChat would not show.
var ErrPlainReplyInSafeMode = errors.New("wechattest: safe-mode account replied in plain text")

// parseReply reads an answer: "success" or nothing is an empty reply; an
// <Encrypt> reply must carry a valid msg_signature and decrypt for the
// account; a plain one is refused in safe mode. The reply must be addressed
// to the sender from the account.
func parseReply(a Account, sender string, answer []byte) (*Reply, error) {
	answer = bytes.TrimSpace(answer)
	if len(answer) == 0 || string(answer) == "success" {
		return &Reply{Empty: true}, nil
	}
	var env struct {
		Encrypt      string
		MsgSignature string
		TimeStamp    string
		Nonce        string
	}
	if err := xml.Unmarshal(answer, &env); err != nil {
		return nil, fmt.Errorf("wechattest: reply is not XML: %w", err)
	}
	r := &Reply{}
	plain := answer
	switch {
	case env.Encrypt != "" && a.Callback.Mode == Plain:
		return nil, errors.New("wechattest: encrypted reply from an account in plain mode")
	case env.Encrypt != "":
		cb := a.Callback
		msg, err := VerifyAndDecrypt(cb.Token, cb.EncodingAESKey, a.AppID, env.TimeStamp, env.Nonce, env.MsgSignature, env.Encrypt)
		if err != nil {
			return nil, fmt.Errorf("wechattest: encrypted reply: %w", err)
		}
		plain, r.Encrypted = bytes.TrimSpace(msg), true
	case a.Callback.Mode == Safe:
		return nil, ErrPlainReplyInSafeMode
	}
	if r.Encrypted && (len(plain) == 0 || string(plain) == "success") {
		// An encrypted empty reply (silenceper sends one when its handler
		// returns nil in safe mode) shows nothing, like a plain one.
		r.Empty = true
		return r, nil
	}
	return r, r.fill(a, sender, plain)
}

// fill parses the plain reply into r and checks its addressing.
func (r *Reply) fill(a Account, sender string, plain []byte) error {
	var msg struct {
		ToUserName, FromUserName, MsgType, Content string
		CreateTime                                 int64
	}
	if err := xml.Unmarshal(plain, &msg); err != nil {
		return fmt.Errorf("wechattest: reply is not XML: %w", err)
	}
	r.ToUserName, r.FromUserName, r.MsgType, r.Content = msg.ToUserName, msg.FromUserName, msg.MsgType, msg.Content
	r.CreateTime, r.Raw = msg.CreateTime, plain
	switch {
	case r.MsgType == "":
		return errors.New("wechattest: reply without MsgType")
	case r.ToUserName != sender:
		return fmt.Errorf("wechattest: reply to %q, want the sender %q", r.ToUserName, sender)
	case r.FromUserName != a.OriginalID:
		return fmt.Errorf("wechattest: reply from %q, want the account %q", r.FromUserName, a.OriginalID)
	}
	return nil
}
