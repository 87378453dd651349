package citizens

import (
	"strings"
	"testing"

	"govmedia/catalog"
)

// TestAClickAnswerFitsInWeChatsTextReply: a domain of long item names is
// answered with as many items as 2,048 bytes hold, and still the link to
// the whole catalog.
func TestAClickAnswerFitsInWeChatsTextReply(t *testing.T) {
	c := &Citizens{opts: Options{PublicURL: "https://gk.km.gov.cn"}}
	v := &catalog.Version{}
	for range 30 {
		v.Items = append(v.Items, catalog.Item{Level1: strings.Repeat("城乡居民基本医疗保险", 3), Level2: strings.Repeat("参保缴费标准及办理流程", 3)})
	}
	text := c.clickText("km.wuhua", "health-care", "医疗卫生", v)
	if len(text) > maxReplyBytes {
		t.Fatalf("the answer has %d bytes, WeChat takes %d", len(text), maxReplyBytes)
	}
	listed := strings.Count(text, "https://gk.km.gov.cn/catalogs/km.wuhua/health-care?q=")
	if listed == 0 || listed >= maxClickItems || !strings.Contains(text, "共 30 项") ||
		!strings.HasSuffix(text, "全部公开事项：https://gk.km.gov.cn/catalogs/km.wuhua/health-care") {
		t.Fatalf("the answer lists %d items (want some, fewer than %d), or lacks the count or the whole catalog's link (%d bytes):\n%s",
			listed, maxClickItems, len(text), text)
	}
	t.Logf("%d of 30 items in %d bytes", listed, len(text))
}
