package publish_test

import (
	"testing"
	"time"

	"govmedia/publish"
	"govmedia/publish/wechattest"
)

// fanOutAccounts is how many accounts the faulty fan-out reaches: enough
// that every fault below hits a few dozen deliveries.
const fanOutAccounts = 2000

// TestAFanOutToThousandsWithFaultsReachesEachAccountOnce fans a
// publication out to 2,000 accounts while the stand-in fails a steady share
// of every step: gateways answering 502, WeChat busy (-1), token endpoints
// failing, expired tokens, and calls carried out whose answer is lost on a
// reset connection (a draft made, a publish submitted, and the caller not
// told). Every account ends with exactly one draft and one publish: none
// is lost, none gets it twice.
func TestAFanOutToThousandsWithFaultsReachesEachAccountOnce(t *testing.T) {
	w := newPubWorld(t, pubOpts{noWorkers: true, conns: 45})
	w.pub.OnProgress = nil
	list := bulkAccounts(t, w, fanOutAccounts)
	for _, f := range []wechattest.Fault{
		{Path: "/cgi-bin/material/add_material", HTTPStatus: 502, Every: 17},
		{Path: "/cgi-bin/stable_token", HTTPStatus: 503, Every: 13},
		{Path: "/cgi-bin/draft/add", LoseAnswer: true, Every: 29},
		{Path: "/cgi-bin/draft/add", ErrCode: -1, Every: 41},
		{Path: "/cgi-bin/freepublish/submit", LoseAnswer: true, Every: 31},
		{Path: "/cgi-bin/freepublish/submit", ErrCode: -1, Every: 23},
		{Path: "/cgi-bin/freepublish/get", HTTPStatus: 502, Every: 11},
	} {
		w.wx.Inject(f)
	}
	p := w.publishNotice(publish.Publish, "km")
	w.startWorkers(50)
	for i, a := range list {
		if i%97 == 0 {
			w.wx.ExpireTokens(a.creds.AppID)
		}
	}
	pr := w.waitDone(p.ID, 5*time.Minute)
	if pr.Delivered != fanOutAccounts {
		t.Fatalf("progress %+v, want all %d delivered", pr, fanOutAccounts)
	}
	lost := 0
	for _, c := range w.wx.Calls("") {
		if c.Injected && c.HTTPStatus == 0 && c.ErrCode == 0 {
			lost++
		}
	}
	if lost < 100 {
		t.Fatalf("only %d answers were lost: the faults did not bite", lost)
	}
	w.exactlyOnce(list, publish.Publish)
}
