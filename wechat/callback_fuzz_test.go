package wechat_test

import (
	"bytes"
	"encoding/xml"
	"net/url"
	"regexp"
	"testing"
	"time"

	"govmedia/wechat"
)

// fuzzCreds are a plain-mode and a safe-mode account's credentials.
var fuzzCreds = [2]wechat.Credentials{
	{AppID: "wx00000000000f0001", Token: "fuzzToken1"},
	{AppID: "wx00000000000f0002", Token: "fuzzToken2", EncodingAESKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"},
}

func fuzzSpec(c wechat.Credentials) wxAccount {
	return wxAccount{AppID: c.AppID, Token: c.Token, EncodingAESKey: c.EncodingAESKey}
}

var encryptField = regexp.MustCompile(`<Encrypt><!\[CDATA\[([^\]]*)\]\]></Encrypt>`)

// FuzzCallback feeds the callback's parser and crypto any message, three
// ways: sealed correctly by the tests' own WeChat crypto (it may be refused
// as malformed, never for its signature or encryption, and what is accepted
// is exactly what was sealed); sealed and then altered (never accepted);
// and as raw bytes posted with a valid signature over whatever Encrypt they
// hold (no panic, and nothing accepted that WeChat's crypto would not open).
func FuzzCallback(f *testing.F) {
	now := time.Now()
	f.Add(uint8(2), []byte(textXML("o-citizen", 42, "社保卡", now)), uint16(7))
	f.Add(uint8(1), []byte(eventXML("o-citizen", "subscribe", "qrscene_1", now)), uint16(0))
	f.Add(uint8(0), []byte(eventXML("mphelper", "PUBLISHJOBFINISH", "", now)), uint16(3))
	f.Add(uint8(2), []byte(`<xml><MsgType>event</MsgType><FromUserName>x</FromUserName><PublishEventInfo><publish_id>9</publish_id>`+
		`<article_detail><item><article_url>http://mp.weixin.qq.com/s?x</article_url></item></article_detail></PublishEventInfo></xml>`), uint16(1))
	f.Add(uint8(0), []byte(`<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><MsgType>&x;</MsgType></xml>`), uint16(2))
	f.Add(uint8(1), []byte(`<xml><MsgType>text</MsgType><FromUserName>a</FromUserName><Content>&amp;&lt;&#x4e2d;</Content></xml>`), uint16(5))
	f.Add(uint8(2), []byte("<xml><Encrypt><![CDATA[AAAA]]></Encrypt></xml>"), uint16(0))
	f.Add(uint8(0), []byte("\x00\xff<xml"), uint16(9))
	f.Fuzz(func(t *testing.T, mode uint8, msg []byte, at uint16) {
		m := wxMode(mode % 3)
		creds := fuzzCreds[min(int(m), 1)]
		q, body := specPush(fuzzSpec(creds), m, msg, now)
		got, reason := wechat.OpenMessage(q, body, creds)
		if m != compatibleMode || compatibleXML(msg) {
			checkSealed(t, m, msg, got, reason)
		}
		if m != plainMode && len(body) > 0 {
			altered := bytes.Clone(body)
			if loc := encryptField.FindSubmatchIndex(altered); loc != nil && loc[3] > loc[2] {
				i := loc[2] + int(at)%(loc[3]-loc[2])
				altered[i] ^= 1
				if got, _ := wechat.OpenMessage(q, altered, creds); got != nil {
					t.Fatalf("an altered Encrypt was accepted: %q", altered)
				}
			}
		}
		checkRaw(t, msg)
	})
}

// compatibleXML reports whether msg can stand as the plain part of a
// compatible-mode push: one <xml> element, with no Encrypt of its own
// (else the test's envelope is not one WeChat would send).
func compatibleXML(msg []byte) bool {
	var env struct {
		XMLName xml.Name `xml:"xml"`
	}
	return bytes.HasSuffix(msg, []byte("</xml>")) && !bytes.Contains(msg, []byte("Encrypt")) && xml.Unmarshal(msg, &env) == nil
}

// checkSealed holds a correctly sealed message's outcome against msg.
func checkSealed(t *testing.T, m wxMode, msg []byte, got *wechat.Message, reason string) {
	t.Helper()
	switch reason {
	case "bad_signature", "bad_encryption", "plain_refused":
		t.Fatalf("%s: a correctly sealed message was refused as %s: %q", m, reason, msg)
	case "":
		if got.Authentic != (m != plainMode) {
			t.Fatalf("%s: Authentic %v", m, got.Authentic)
		}
		var want struct {
			XMLName xml.Name `xml:"xml"`
			wechat.Message
		}
		if err := xml.Unmarshal(msg, &want); err != nil || want.Message.FromUserName != got.FromUserName ||
			want.Message.Content != got.Content || want.Message.MsgID != got.MsgID || want.Message.Event != got.Event {
			t.Fatalf("%s: accepted %+v, which is not what was sealed (%q, %v)", m, got, msg, err)
		}
	}
}

// checkRaw posts raw bytes with valid signatures: as a plain message (it
// may be accepted, never as authentic), and to the safe-mode account
// signed over the Encrypt they hold (what is accepted must open with
// WeChat's crypto).
func checkRaw(t *testing.T, raw []byte) {
	t.Helper()
	ts, nonce := "1700000000", "7"
	plain := url.Values{"timestamp": {ts}, "nonce": {nonce}, "signature": {specSignature(fuzzCreds[0].Token, ts, nonce)}}
	if got, reason := wechat.OpenMessage(plain, raw, fuzzCreds[0]); got != nil && (got.Authentic || reason != "") {
		t.Fatalf("a plain message was taken as authentic: %q", raw)
	}
	safe := fuzzCreds[1]
	enc := ""
	if m := encryptField.FindSubmatch(raw); m != nil {
		enc = string(m[1])
	}
	q := url.Values{"timestamp": {ts}, "nonce": {nonce}, "encrypt_type": {"aes"}, "msg_signature": {specSignature(safe.Token, ts, nonce, enc)}}
	got, _ := wechat.OpenMessage(q, raw, safe)
	if got == nil {
		return
	}
	if _, err := specDecrypt(safe.EncodingAESKey, safe.AppID, enc); err != nil || !got.Authentic {
		t.Fatalf("accepted %+v from an Encrypt that WeChat's crypto does not open (%v): %q", got, err, raw)
	}
}
