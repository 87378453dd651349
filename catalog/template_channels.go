package catalog

import (
	"slices"
	"strings"
)

// Boxes of a ■/□ checklist: the checked ones, and the empty ones.
const (
	checkedBoxes = "■☑☒✓✔√●▇█◼"
	emptyBoxes   = "□☐○◻◯×"
)

// channelWords are the words that name a channel, by meaning: the
// template's names and what counties write instead. The longer, more
// particular words come first, since each is taken out of the text once
// it is read (便民服务中心 is a service centre, not a service station).
var channelWords = []struct {
	word    string
	channel Channel
}{
	{"便民服务中心", ServiceCenter}, {"便民服务站", ServiceStation}, {"便民服务点", ServiceStation}, {"便民服务室", ServiceStation},
	{"便民服务", ServiceStation},
	{"政务服务中心", ServiceCenter}, {"政务服务大厅", ServiceCenter}, {"政务大厅", ServiceCenter}, {"办事大厅", ServiceCenter},
	{"服务大厅", ServiceCenter}, {"服务中心", ServiceCenter},
	{"政府公报", Gazette}, {"公报", Gazette},
	{"两微一端", NewMedia}, {"新媒体", NewMedia}, {"微信", NewMedia}, {"微博", NewMedia}, {"客户端", NewMedia},
	{"公众号", NewMedia}, {"app", NewMedia}, {"APP", NewMedia}, {"App", NewMedia}, {"抖音", NewMedia},
	{"网站", Website}, {"门户", Website},
	{"发布会", PressEvent}, {"听证会", PressEvent}, {"新闻发布", PressEvent},
	{"广播", Broadcasting}, {"电视", Broadcasting},
	{"纸质", Print}, {"报纸", Print}, {"报刊", Print}, {"纸媒", Print}, {"杂志", Print},
	{"查阅点", ReadingPoint}, {"查阅场所", ReadingPoint}, {"查阅室", ReadingPoint}, {"档案馆", ReadingPoint}, {"图书馆", ReadingPoint},
	{"入户", DoorToDoor}, {"现场", DoorToDoor}, {"上门", DoorToDoor},
	{"公示栏", NoticeBoard}, {"电子屏", NoticeBoard}, {"公告栏", NoticeBoard}, {"公开栏", NoticeBoard}, {"宣传栏", NoticeBoard},
	{"显示屏", NoticeBoard}, {"公示牌", NoticeBoard}, {"信息栏", NoticeBoard}, {"LED", NoticeBoard},
	{"精准推送", Targeted}, {"推送", Targeted}, {"短信", Targeted},
}

// channelHeader is the channel a sub-column header names exactly
// (headers in normal form, see registry.HeaderKeys).
func channelHeader(key string) (Channel, bool) {
	if key == "其他" || key == "其它" {
		return OtherChannel, true
	}
	found, rest := channelsIn(key)
	if found = orderChannels(found); len(found) == 1 && strings.Trim(rest, separators) == "" {
		return found[0], true
	}
	return "", false
}

// separators split the channels of a plain list.
const separators = " 　\t\n、，,；;。.|｜"

// parseChannels reads a 公开渠道和载体 cell: a ■/□ checklist, in which only
// the checked ones count, or a plain list. It returns the channels in the
// template's order and the free text of 其他 and of words not understood,
// which stand for 其他 too.
func parseChannels(cell string) ([]Channel, string) {
	var found []Channel
	var other []string
	add := func(chs []Channel, text string) {
		found = append(found, chs...)
		if text != "" {
			other = append(other, text)
		}
	}
	for _, part := range checkedParts(cell) {
		if text, ok := otherText(part); ok {
			add([]Channel{OtherChannel}, text) // a checked 其他 keeps its text whole
			continue
		}
		for _, token := range strings.FieldsFunc(part, isSeparator) {
			add(tokenChannels(token))
		}
	}
	if len(other) > 0 {
		found = append(found, OtherChannel)
	}
	return orderChannels(found), strings.Join(other, "、")
}

func isSeparator(r rune) bool { return strings.ContainsRune(separators, r) }

// checkedParts splits a checklist into the text after each checked box,
// together with any text before the first box; a cell with no box is one
// part.
func checkedParts(cell string) []string {
	var parts []string
	var cur strings.Builder
	keep := true
	flush := func() {
		if keep && strings.TrimFunc(cur.String(), isSeparator) != "" {
			parts = append(parts, cur.String())
		}
		cur.Reset()
	}
	for _, r := range cell {
		if strings.ContainsRune(checkedBoxes+emptyBoxes, r) {
			flush()
			keep = strings.ContainsRune(checkedBoxes, r)
			continue
		}
		cur.WriteRune(r)
	}
	flush()
	return parts
}

// otherText is the free text of a part that starts with 其他.
func otherText(part string) (string, bool) {
	part = strings.TrimFunc(part, isSeparator)
	for _, o := range []string{"其他", "其它"} {
		if rest, ok := strings.CutPrefix(part, o); ok {
			return strings.Trim(rest, " 　:：()（）_＿-—"+separators), true
		}
	}
	return "", false
}

// tokenChannels reads one item of a plain list: 其他 with its text, or the
// channels its words name; a token that names none is free text.
func tokenChannels(token string) ([]Channel, string) {
	if text, ok := otherText(token); ok {
		return []Channel{OtherChannel}, text
	}
	found, _ := channelsIn(token)
	if len(found) == 0 {
		return nil, strings.TrimSpace(token)
	}
	return found, ""
}

// channelsIn finds the channels named in text, taking each word out once
// read, and returns what is left.
func channelsIn(text string) ([]Channel, string) {
	var found []Channel
	for _, w := range channelWords {
		if strings.Contains(text, w.word) {
			found = append(found, w.channel)
			text = strings.ReplaceAll(text, w.word, " ")
		}
	}
	return found, text
}

// orderChannels dedupes channels and puts them in the template's order.
func orderChannels(list []Channel) []Channel {
	var out []Channel
	for _, ch := range Channels {
		if slices.Contains(list, ch) {
			out = append(out, ch)
		}
	}
	return out
}

// channelChecklist writes channels as the template's ■/□ checklist, with
// the free text after 其他.
func channelChecklist(list []Channel, other string) string {
	parts := make([]string, len(Channels))
	for i, ch := range Channels {
		box := "□"
		if slices.Contains(list, ch) || (ch == OtherChannel && other != "") {
			box = "■"
		}
		parts[i] = box + string(ch)
		if ch == OtherChannel && other != "" {
			parts[i] += "：" + other
		}
	}
	return strings.Join(parts, " ")
}
