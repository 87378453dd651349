package registry

import (
	"strings"

	"govmedia"
)

// The words registers use for platforms, kinds of official account,
// states and yes or no, in matchKey form; each platform's, kind's and
// state's own names (as exports write them, in either language) and codes
// are added at start.
var (
	platformWords = map[string]Platform{
		"微信公众号": WeChatOA, "公众号": WeChatOA, "微信": WeChatOA, "微信公众平台": WeChatOA, "公众平台": WeChatOA,
		"微信公众账号": WeChatOA, "微信公众帐号": WeChatOA, "wechat": WeChatOA,
		"微信视频号": WeChatChannels, "视频号": WeChatChannels,
		"微博": Weibo, "新浪微博": Weibo, "政务微博": Weibo, "官方微博": Weibo, "微博号": Weibo,
		"抖音": Douyin, "抖音号": Douyin, "抖音短视频": Douyin, "政务抖音": Douyin,
		"快手": Kuaishou, "快手号": Kuaishou, "快手短视频": Kuaishou,
		"今日头条": Toutiao, "头条号": Toutiao, "头条": Toutiao, "今日头条号": Toutiao,
		"哔哩哔哩": Bilibili, "b站": Bilibili, "bilibili": Bilibili, "哔哩哔哩弹幕网": Bilibili,
		"小红书": Xiaohongshu, "小红书号": Xiaohongshu,
		"其他": OtherPlatform, "其它": OtherPlatform,
	}
	wechatKindWords = map[string]WeChatKind{"订阅号": Subscription, "服务号": Service}
	stateWords      = map[string]State{
		"运营中": Active, "正常": Active, "已开通": Active, "正常运营": Active, "正常更新": Active, "在用": Active,
		"使用中": Active, "正常使用": Active, "运行中": Active,
		"已批准": Approved, "待开通": Approved, "未开通": Approved, "拟开通": Approved,
		"关停中": Closing, "拟关停": Closing, "待关停": Closing,
		"已关停": Closed, "已注销": Closed, "关停": Closed, "注销": Closed, "已关闭": Closed,
		"暂停": Suspended, "已暂停": Suspended, "暂停运营": Suspended,
	}
	yesWords = map[string]bool{
		"是": true, "y": true, "yes": true, "true": true, "√": true, "✓": true, "✔": true, "1": true,
		"委托运营": true, "第三方运营": true, "委托第三方": true, "委托第三方运营": true, "外包": true, "第三方": true,
		"否": false, "n": false, "no": false, "false": false, "0": false, "": false, "×": false, "无": false,
		"自主运营": false, "自行运营": false, "自营": false, "本单位运营": false,
	}
)

func init() {
	for _, p := range Platforms {
		platformWords[string(p)] = p
		for _, lang := range govmedia.Languages {
			platformWords[matchKey(govmedia.Print(lang, "platform."+string(p)))] = p
		}
	}
	for _, k := range []WeChatKind{Subscription, Service} {
		wechatKindWords[string(k)] = k
		for _, lang := range govmedia.Languages {
			wechatKindWords[matchKey(govmedia.Print(lang, "wechat_kind."+string(k)))] = k
		}
	}
	for _, s := range []State{Approved, Active, Closing, Closed, Suspended} {
		stateWords[string(s)] = s
		for _, lang := range govmedia.Languages {
			stateWords[matchKey(govmedia.Print(lang, "state."+string(s)))] = s
		}
	}
}

// platformCell is what a platform or kind cell says: a platform, a kind
// of official account, both ("微信公众号（订阅号）", "公众号-服务号"), or the
// kind alone, which is an official account's ("订阅号").
type platformCell struct {
	platform Platform
	kind     WeChatKind
}

// parsePlatformCell reads a platform or kind cell; ok is false for a word
// it does not know, or for two platforms or kinds at once.
func parsePlatformCell(cell string) (platformCell, bool) {
	key := matchKey(cell)
	var pc platformCell
	if key == "" {
		return pc, true
	}
	if p, ok := platformWords[key]; ok {
		return platformCell{platform: p}, true
	}
	outside, inside := platformParts(key)
	if len(outside) == 0 {
		return pc, false
	}
	for _, part := range outside {
		if !pc.add(part) {
			return pc, false
		}
	}
	for _, part := range inside {
		// A note in brackets that is no platform word ("（已认证）") says nothing.
		if isPlatformWord(part) && !pc.add(part) {
			return pc, false
		}
	}
	if pc.kind != "" && pc.platform == "" {
		pc.platform = WeChatOA
	}
	return pc, pc.kind == "" || pc.platform == WeChatOA
}

// platformParts splits a cell at brackets and separators: the parts
// outside brackets, and those inside.
func platformParts(key string) (outside, inside []string) {
	depth := 0
	var cur strings.Builder
	flush := func() {
		if cur.Len() == 0 {
			return
		}
		if depth > 0 {
			inside = append(inside, cur.String())
		} else {
			outside = append(outside, cur.String())
		}
		cur.Reset()
	}
	for _, r := range key {
		switch {
		case r == '(' || r == '[':
			flush()
			depth++
		case r == ')' || r == ']':
			flush()
			depth = max(depth-1, 0)
		case strings.ContainsRune("-_/、,;|:·+", r):
			flush()
		default:
			cur.WriteRune(r)
		}
	}
	flush()
	return outside, inside
}

func isPlatformWord(part string) bool {
	var pc platformCell
	return pc.add(part)
}

// add takes one part of a cell: a platform word, a kind, or the two run
// together ("微信订阅号", "公众号服务号"); false when it is none, or when it
// names another platform or kind than the parts before.
func (pc *platformCell) add(part string) bool {
	if p, ok := platformWords[part]; ok {
		return pc.setPlatform(p)
	}
	for word, k := range wechatKindWords {
		rest, ok := strings.CutSuffix(part, word)
		if !ok {
			continue
		}
		if rest != "" && platformWords[rest] != WeChatOA {
			return false
		}
		if pc.kind != "" && pc.kind != k {
			return false
		}
		pc.kind = k
		return rest == "" || pc.setPlatform(WeChatOA)
	}
	return false
}

func (pc *platformCell) setPlatform(p Platform) bool {
	if pc.platform != "" && pc.platform != p {
		return false
	}
	pc.platform = p
	return true
}

// parseState reads a state word; a blank cell is an account in use.
func parseState(s string) (State, bool) {
	key := matchKey(s)
	if key == "" {
		return Active, true
	}
	st, ok := stateWords[key]
	return st, ok
}

// parseYes reads a yes-or-no cell.
func parseYes(s string) (bool, bool) {
	yes, ok := yesWords[matchKey(s)]
	return yes, ok
}

// splitList splits a cell listing several values with any of the
// separators people type in Chinese or English, line breaks included.
func splitList(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune("、,，;；/／|｜\n\r\t 　", r) })
	out := make([]string, 0, len(f))
	for _, v := range f {
		if v = foldText(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// stateWord is the Chinese word exports write for a state.
func stateWord(s State) string {
	return govmedia.Print(govmedia.Chinese, "state."+string(s))
}
