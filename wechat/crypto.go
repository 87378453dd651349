package wechat

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/xml"
	"strconv"
	"time"

	"github.com/silenceper/wechat/v2/util"
)

// This file is WeChat's message crypto (消息加解密), through silenceper's
// util: signatures are the SHA-1 of the sorted token, timestamp, nonce (and
// the encrypted text, for msg_signature); an encrypted message is
// AES-256-CBC of random(16) + length(4) + message + AppID, padded to 32.

// signatureOK compares a signature in constant time.
func signatureOK(want string, parts ...string) bool {
	return subtle.ConstantTimeCompare([]byte(util.Signature(parts...)), []byte(want)) == 1
}

// freshTimestamp refuses a request whose timestamp is more than five
// minutes off: a replayed request.
func freshTimestamp(ts string, now time.Time) bool {
	n, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return false
	}
	d := now.Sub(time.Unix(n, 0))
	return d < 5*time.Minute && d > -5*time.Minute
}

// decrypt opens an encrypted message for creds' account; it fails for a
// message sealed with another key or for another AppID.
func decrypt(creds Credentials, encrypted string) ([]byte, error) {
	_, plain, err := util.DecryptMsg(creds.AppID, encrypted, creds.EncodingAESKey)
	return plain, err
}

// encryptedReply is a passive reply in safe mode.
type encryptedReply struct {
	XMLName      xml.Name `xml:"xml"`
	Encrypt      cdata    `xml:"Encrypt"`
	MsgSignature cdata    `xml:"MsgSignature"`
	TimeStamp    string   `xml:"TimeStamp"`
	Nonce        cdata    `xml:"Nonce"`
}

type cdata struct {
	Text string `xml:",cdata"`
}

// sealReply encrypts and signs a reply for a safe-mode callback.
func sealReply(plain []byte, creds Credentials, now time.Time) ([]byte, error) {
	random := []byte(rand.Text()[:16])
	enc, err := util.EncryptMsg(random, plain, creds.AppID, creds.EncodingAESKey)
	if err != nil {
		return nil, err
	}
	ts, nonce := strconv.FormatInt(now.Unix(), 10), rand.Text()[:10]
	return xml.Marshal(encryptedReply{Encrypt: cdata{string(enc)}, MsgSignature: cdata{util.Signature(creds.Token, ts, nonce, string(enc))},
		TimeStamp: ts, Nonce: cdata{nonce}})
}
