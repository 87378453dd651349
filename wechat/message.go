package wechat

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"strconv"
)

// Message is a message or event WeChat posts to an account's callback, as
// its documents name the fields. A citizen's openid is FromUserName: it
// must reach no log, metric or public page.
type Message struct {
	ToUserName   string `xml:"ToUserName"`   // the account's original id (gh_…)
	FromUserName string `xml:"FromUserName"` // the follower's openid; "mphelper" for job events
	CreateTime   int64  `xml:"CreateTime"`
	MsgType      string `xml:"MsgType"` // text, image, voice, video, location, link, event…
	Content      string `xml:"Content"` // text messages
	MsgID        int64  `xml:"MsgId"`   // messages; events have none
	Event        string `xml:"Event"`   // subscribe, unsubscribe, CLICK, VIEW, SCAN, PUBLISHJOBFINISH…
	EventKey     string `xml:"EventKey"`

	MassMsgID  int64  `xml:"MsgID"` // MASSSENDJOBFINISH (the spelling differs from MsgId)
	Status     string `xml:"Status"`
	SentCount  int64  `xml:"SentCount"`
	ErrorCount int64  `xml:"ErrorCount"`

	Publish PublishEvent `xml:"PublishEventInfo"` // PUBLISHJOBFINISH

	// Authentic says that the signature covered the message's content: it
	// came encrypted (safe or compatible mode). A plain message's
	// signature covers only its timestamp and nonce, so anyone who saw one
	// request could send other content with them.
	Authentic bool `xml:"-"`
}

// PublishEvent is what a PUBLISHJOBFINISH event says of a publish.
type PublishEvent struct {
	PublishID     int64    `xml:"publish_id"`
	PublishStatus int      `xml:"publish_status"`
	ArticleID     string   `xml:"article_id"`
	ArticleURLs   []string `xml:"article_detail>item>article_url"`
}

// Kind names what a message is, as handlers are registered: its MsgType
// ("text", "image"…), or "event:" and its Event ("event:subscribe",
// "event:CLICK", "event:PUBLISHJOBFINISH"…).
func (m *Message) Kind() string {
	if m.MsgType == "event" {
		return "event:" + m.Event
	}
	return m.MsgType
}

// dedupeKey tells retries of one message apart from new ones: WeChat
// retries with the same MsgId (messages) or sender and time (events). An
// event's key is a digest: the follower's openid is not kept plain.
func (m *Message) dedupeKey() string {
	if m.MsgID != 0 {
		return "msg:" + strconv.FormatInt(m.MsgID, 10)
	}
	sum := sha256.Sum256(fmt.Appendf(nil, "%s\x00%d\x00%s", m.FromUserName, m.CreateTime, m.Event))
	return "ev:" + hex.EncodeToString(sum[:16])
}

// envelope is a posted body: in safe and compatible mode it carries the
// encrypted message in Encrypt.
type envelope struct {
	XMLName xml.Name `xml:"xml"`
	Encrypt string   `xml:"Encrypt"`
}

// plainMessage is a message as parsed from its XML.
type plainMessage struct {
	XMLName xml.Name `xml:"xml"`
	Message
}
