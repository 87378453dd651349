package wechattest

import (
	"encoding/xml"
	"time"
)

// helperOpenID is the sender of job events: the documents name the mass-send
// helper, "mphelper".
const helperOpenID = "mphelper"

// cdata marshals a string as <![CDATA[…]]>, as WeChat writes text fields.
type cdata struct {
	Text string `xml:",cdata"`
}

// header is the start of every push.
type header struct {
	ToUserName   cdata
	FromUserName cdata
	CreateTime   int64
	MsgType      cdata
}

func newHeader(a Account, from, msgType string, now time.Time) header {
	return header{cdata{a.OriginalID}, cdata{from}, now.Unix(), cdata{msgType}}
}

// publishEvent is the PUBLISHJOBFINISH push of the freepublish document.
func publishEvent(a Account, job *publishJob, now time.Time) []byte {
	type item struct {
		Idx        int   `xml:"idx"`
		ArticleURL cdata `xml:"article_url"`
	}
	type detail struct {
		Count int    `xml:"count"`
		Item  []item `xml:"item"`
	}
	var ev struct {
		XMLName xml.Name `xml:"xml"`
		header
		Event cdata
		Info  struct {
			PublishID     int64   `xml:"publish_id"`
			PublishStatus int     `xml:"publish_status"`
			ArticleID     *cdata  `xml:"article_id,omitempty"`
			ArticleDetail *detail `xml:"article_detail,omitempty"`
			FailIdx       []int   `xml:"fail_idx"`
		} `xml:"PublishEventInfo"`
	}
	ev.header = newHeader(a, helperOpenID, "event", now)
	ev.Event = cdata{"PUBLISHJOBFINISH"}
	ev.Info.PublishID, ev.Info.PublishStatus, ev.Info.FailIdx = job.id, int(job.status), job.failIdx
	if job.articleID != "" {
		ev.Info.ArticleID = &cdata{job.articleID}
		ev.Info.ArticleDetail = &detail{Count: len(job.articles)}
		for i, art := range job.articles {
			ev.Info.ArticleDetail.Item = append(ev.Info.ArticleDetail.Item, item{i + 1, cdata{art.URL}})
		}
	}
	return marshal(ev)
}

// massEvent is the MASSSENDJOBFINISH push of the mass-send document; every
// follower targeted is counted as reached.
func massEvent(a Account, m *massSend, now time.Time) []byte {
	type item struct {
		ArticleIdx int
		ArticleURL cdata `xml:"ArticleUrl"`
	}
	var ev struct {
		XMLName xml.Name `xml:"xml"`
		header
		Event                                          cdata
		MsgID                                          int64 `xml:"MsgID"`
		Status                                         cdata
		TotalCount, FilterCount, SentCount, ErrorCount int
		CopyrightCheckResult                           struct {
			Count      int
			ResultList struct{}
			CheckState int
		}
		ArticleURLResult struct {
			Count      int
			ResultList struct {
				Item []item `xml:"item"`
			}
		} `xml:"ArticleUrlResult"`
	}
	ev.header = newHeader(a, helperOpenID, "event", now)
	ev.Event, ev.MsgID, ev.Status = cdata{"MASSSENDJOBFINISH"}, m.id, cdata{"send success"}
	ev.TotalCount, ev.FilterCount, ev.SentCount = m.total, m.filter, m.filter
	ev.CopyrightCheckResult.CheckState = 1 // not judged a reprint
	ev.ArticleURLResult.Count = len(m.articles)
	for i, art := range m.articles {
		ev.ArticleURLResult.ResultList.Item = append(ev.ArticleURLResult.ResultList.Item, item{i + 1, cdata{art.URL}})
	}
	return marshal(ev)
}

// followEvent is the subscribe or unsubscribe push.
func followEvent(a Account, openid, event string, now time.Time) []byte {
	var ev struct {
		XMLName xml.Name `xml:"xml"`
		header
		Event cdata
	}
	ev.header, ev.Event = newHeader(a, openid, "event", now), cdata{event}
	return marshal(ev)
}

// clickEvent is the push of a menu button's click.
func clickEvent(a Account, openid, key string, now time.Time) []byte {
	var ev struct {
		XMLName xml.Name `xml:"xml"`
		header
		Event    cdata
		EventKey cdata
	}
	ev.header, ev.Event, ev.EventKey = newHeader(a, openid, "event", now), cdata{"CLICK"}, cdata{key}
	return marshal(ev)
}

// textMessage is a citizen's text message push.
func textMessage(a Account, openid, text string, msgID int64, now time.Time) []byte {
	var msg struct {
		XMLName xml.Name `xml:"xml"`
		header
		Content cdata
		MsgID   int64 `xml:"MsgId"`
	}
	msg.header, msg.Content, msg.MsgID = newHeader(a, openid, "text", now), cdata{text}, msgID
	return marshal(msg)
}

func marshal(v any) []byte {
	b, err := xml.Marshal(v)
	if err != nil {
		panic("wechattest: event does not marshal: " + err.Error())
	}
	return b
}
