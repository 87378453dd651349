package registry

import (
	"strings"

	"govmedia"
)

// registerColumns maps the headers a city's account register uses to
// fields. The first header of each field (in registerHeaders) is the one
// exports write.
var registerColumns = map[string]string{}

var registerHeaders = []struct {
	field   string
	headers []string
}{
	{"name", []string{"账号名称", "名称", "账号", "公众号名称", "新媒体名称", "name"}},
	{"platform", []string{"平台", "平台类型", "账号平台", "platform"}},
	{"wechat_kind", []string{"公众号类型", "账号类型", "wechat_kind"}},
	{"original_id", []string{"原始ID", "微信原始ID", "original_id"}},
	{"app_id", []string{"AppID", "开发者ID", "app_id"}},
	{"platform_uid", []string{"平台账号ID", "账号ID", "主页链接", "platform_uid"}},
	{"host_org_code", []string{"主办单位代码", "host_org"}},
	{"host_org", []string{"主办单位", "开办主体", "主办单位名称", "host_org_name"}},
	{"operating_unit", []string{"运营单位", "运维单位", "operating_unit"}},
	{"third_party", []string{"是否第三方运营", "第三方运营", "third_party"}},
	{"person_in_charge", []string{"负责人", "账号负责人", "person_in_charge"}},
	{"phone", []string{"联系电话", "负责人电话", "电话", "phone"}},
	{"domains", []string{"覆盖领域", "试点领域", "领域", "domains"}},
	{"state", []string{"状态", "账号状态", "state"}},
	{"second_account_reason", []string{"多账号理由", "开设多个账号理由", "second_account_reason"}},
}

func init() {
	for _, h := range registerHeaders {
		for _, name := range h.headers {
			registerColumns[normalHeader(name)] = h.field
		}
	}
}

var platformWords = map[string]Platform{
	"微信公众号": WeChatOA, "公众号": WeChatOA, "微信": WeChatOA, "微信公众平台": WeChatOA,
	"微信视频号": WeChatChannels, "视频号": WeChatChannels,
	"微博": Weibo, "新浪微博": Weibo, "抖音": Douyin, "快手": Kuaishou,
	"今日头条": Toutiao, "头条号": Toutiao, "头条": Toutiao,
	"哔哩哔哩": Bilibili, "b站": Bilibili, "小红书": Xiaohongshu, "其他": OtherPlatform,
}

var wechatKindWords = map[string]WeChatKind{"订阅号": Subscription, "服务号": Service}

var stateWords = map[string]State{
	"运营中": Active, "正常": Active, "已开通": Active, "正常运营": Active,
	"已批准": Approved, "待开通": Approved, "关停中": Closing,
	"已关停": Closed, "已注销": Closed, "关停": Closed, "暂停": Suspended, "已暂停": Suspended,
}

var yesWords = map[string]bool{"是": true, "y": true, "yes": true, "true": true, "√": true, "✓": true, "1": true,
	"否": false, "n": false, "no": false, "false": false, "0": false, "": false, "×": false}

// parsePlatform accepts a platform's code or its Chinese name.
func parsePlatform(s string) (Platform, bool) {
	s = strings.ToLower(s)
	if p, ok := platformWords[s]; ok {
		return p, true
	}
	for _, p := range Platforms {
		if string(p) == s {
			return p, true
		}
	}
	return "", false
}

func parseState(s string) (State, bool) {
	if s == "" {
		return Active, true
	}
	if st, ok := stateWords[s]; ok {
		return st, true
	}
	for _, st := range []State{Approved, Active, Closing, Closed, Suspended} {
		if string(st) == strings.ToLower(s) {
			return st, true
		}
	}
	return "", false
}

// splitList splits a cell listing several values with any of the
// separators people type in Chinese or English.
func splitList(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune("、,，;；/|\n ", r) })
	if f == nil {
		return []string{}
	}
	return f
}

// stateWord is the Chinese word exports write for a state.
func stateWord(s State) string {
	return govmedia.Print(govmedia.Chinese, "state."+string(s))
}
