package publish

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/xml"
	"fmt"
	"strconv"
	"time"

	"github.com/silenceper/wechat/v2/util"
)

// inbound is a message or event WeChat posts to an account's callback.
type inbound struct {
	XMLName      xml.Name `xml:"xml"`
	ToUserName   string   `xml:"ToUserName"`
	FromUserName string   `xml:"FromUserName"`
	CreateTime   int64    `xml:"CreateTime"`
	MsgType      string   `xml:"MsgType"`
	Content      string   `xml:"Content"`
	Event        string   `xml:"Event"`
	MsgID        int64    `xml:"MsgId"`
	MassMsgID    int64    `xml:"MsgID"` // MASSSENDJOBFINISH
	Status       string   `xml:"Status"`
	SentCount    int64    `xml:"SentCount"`
	ErrorCount   int64    `xml:"ErrorCount"`
	Encrypt      string   `xml:"Encrypt"`
	Publish      struct {
		PublishID     int64  `xml:"publish_id"`
		PublishStatus int    `xml:"publish_status"`
		ArticleID     string `xml:"article_id"`
		ArticleDetail struct {
			Item []struct {
				URL string `xml:"article_url"`
			} `xml:"item"`
		} `xml:"article_detail"`
	} `xml:"PublishEventInfo"`
}

// dedupeKey tells retries of one message apart from new ones: WeChat
// retries with the same MsgId (messages) or sender and time (events).
func (m *inbound) dedupeKey() string {
	if m.MsgID != 0 {
		return "msg:" + strconv.FormatInt(m.MsgID, 10)
	}
	return fmt.Sprintf("ev:%s:%d:%s", m.FromUserName, m.CreateTime, m.Event)
}

// textReply is a passive reply with text.
type textReply struct {
	XMLName      xml.Name `xml:"xml"`
	ToUserName   cdata    `xml:"ToUserName"`
	FromUserName cdata    `xml:"FromUserName"`
	CreateTime   int64    `xml:"CreateTime"`
	MsgType      cdata    `xml:"MsgType"`
	Content      cdata    `xml:"Content"`
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

// sealReply encrypts a reply for a safe-mode callback.
func sealReply(plain []byte, appID, aesKey, token string, now time.Time) ([]byte, error) {
	random := make([]byte, 16)
	for i := range random {
		random[i] = "abcdefghijklmnopqrstuvwxyz0123456789"[randIntn(36)]
	}
	enc, err := util.EncryptMsg(random, plain, appID, aesKey)
	if err != nil {
		return nil, err
	}
	ts := strconv.FormatInt(now.Unix(), 10)
	nonce := string(random[:10])
	return xml.Marshal(encryptedReply{Encrypt: cdata{string(enc)}, MsgSignature: cdata{util.Signature(token, ts, nonce, string(enc))},
		TimeStamp: ts, Nonce: cdata{nonce}})
}

func randIntn(n int) int {
	var b [1]byte
	_, _ = rand.Read(b[:])
	return int(b[0]) % n
}
