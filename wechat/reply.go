package wechat

import (
	"encoding/xml"
	"time"
)

// Reply is what an account answers a message with: a text, or news (one
// card per article, each a link). The zero Reply answers nothing.
type Reply struct {
	Text     string
	Articles []Article // used when Text is empty
}

// Article is one card of a news reply.
type Article struct {
	Title       string
	Description string
	URL         string // where the card leads
	PictureURL  string // its picture; none if empty
}

// IsZero reports whether the reply answers nothing.
func (r Reply) IsZero() bool { return r.Text == "" && len(r.Articles) == 0 }

// maxArticles is how many cards WeChat shows in a news reply: one when it
// answers a follower's message, eight when it answers an event. A
// customer-service news message also carries one.
func maxArticles(m *Message) int {
	if m.MsgType == "event" {
		return 8
	}
	return 1
}

// articles are the reply's cards WeChat takes for m.
func (r Reply) articles(m *Message) []Article {
	return r.Articles[:min(len(r.Articles), maxArticles(m))]
}

// passiveReply is the XML of a reply written into the callback's answer.
type passiveReply struct {
	XMLName      xml.Name      `xml:"xml"`
	ToUserName   cdata         `xml:"ToUserName"`
	FromUserName cdata         `xml:"FromUserName"`
	CreateTime   int64         `xml:"CreateTime"`
	MsgType      cdata         `xml:"MsgType"`
	Content      *cdata        `xml:"Content,omitempty"`
	ArticleCount int           `xml:"ArticleCount,omitempty"`
	Articles     *passiveItems `xml:"Articles,omitempty"`
}

type passiveItems struct {
	Items []passiveItem `xml:"item"`
}

type passiveItem struct {
	Title       cdata `xml:"Title"`
	Description cdata `xml:"Description"`
	PicURL      cdata `xml:"PicUrl"`
	URL         cdata `xml:"Url"`
}

// passiveXML renders r as the answer to m, from the account to its sender.
func (r Reply) passiveXML(m *Message, now time.Time) ([]byte, error) {
	out := passiveReply{ToUserName: cdata{m.FromUserName}, FromUserName: cdata{m.ToUserName}, CreateTime: now.Unix()}
	if r.Text != "" {
		out.MsgType, out.Content = cdata{"text"}, &cdata{r.Text}
		return xml.Marshal(out)
	}
	out.MsgType, out.Articles = cdata{"news"}, &passiveItems{}
	for _, a := range r.articles(m) {
		out.Articles.Items = append(out.Articles.Items, passiveItem{cdata{a.Title}, cdata{a.Description}, cdata{a.PictureURL}, cdata{a.URL}})
	}
	out.ArticleCount = len(out.Articles.Items)
	return xml.Marshal(out)
}
