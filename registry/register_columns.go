package registry

import "strings"

// registerHeaders are the headers a city's account register uses for each
// field, most telling first: where two columns mean the same, the one
// with the earlier header is read (主办单位 before 主管单位). Exports write
// the first header of each field.
var registerHeaders = []struct {
	field   string
	headers []string
}{
	{"name", []string{"账号名称", "名称", "账号", "账号名", "公众号名称", "新媒体名称", "政务新媒体名称", "新媒体账号名称",
		"微信公众号名称", "平台账号名称", "官方账号名称", "媒体名称", "name"}},
	{"platform", []string{"平台", "平台类型", "账号平台", "平台名称", "所属平台", "开设平台", "新媒体平台", "媒体平台",
		"新媒体类型", "媒体类型", "platform"}},
	// A platform's kind, or the platform and its kind in one ("订阅号", "微信公众号（服务号）").
	{"wechat_kind", []string{"公众号类型", "账号类型", "类型", "类别", "账号类别", "公众号类别", "微信类型", "wechat_kind"}},
	{"original_id", []string{"原始ID", "微信原始ID", "公众号原始ID", "原始号", "原始账号", "gh号", "gh", "original_id"}},
	{"app_id", []string{"AppID", "开发者ID", "应用ID", "公众号AppID", "app_id"}},
	{"platform_uid", []string{"平台账号ID", "账号ID", "主页链接", "微信号", "抖音号", "快手号", "微博ID", "UID",
		"账号链接", "主页地址", "主页网址", "链接", "platform_uid"}},
	{"host_org_code", []string{"主办单位代码", "单位代码", "主办单位编码", "组织代码", "host_org"}},
	{"host_org", []string{"主办单位", "主办单位名称", "开办单位", "开办单位名称", "开办主体", "主办主体", "主办部门",
		"开设单位", "主管单位", "主管部门", "认证主体", "注册主体", "账号主体", "责任单位", "所属单位", "单位名称", "单位",
		"host_org_name"}},
	{"operating_unit", []string{"运营单位", "运维单位", "运营主体", "运维主体", "运营机构", "运维机构", "运营部门",
		"承办单位", "具体运营单位", "operating_unit"}},
	{"third_party", []string{"是否第三方运营", "第三方运营", "是否委托第三方运营", "是否委托第三方", "是否第三方",
		"委托运营", "是否外包", "运营方式", "third_party"}},
	{"person_in_charge", []string{"负责人", "账号负责人", "负责人姓名", "联系人", "联系人姓名", "责任人", "姓名",
		"管理员", "运维负责人", "运营负责人", "person_in_charge"}},
	{"phone", []string{"联系电话", "负责人电话", "负责人手机", "负责人联系电话", "联系人电话", "联系人手机", "电话",
		"手机", "手机号", "手机号码", "联系手机", "电话号码", "联系方式", "办公电话", "phone"}},
	{"domains", []string{"覆盖领域", "试点领域", "领域", "服务领域", "所属领域", "涉及领域", "公开领域", "政务公开领域",
		"业务领域", "主要领域", "domains"}},
	{"state", []string{"状态", "账号状态", "运营状态", "运行状态", "使用状态", "state"}},
	{"second_account_reason", []string{"多账号理由", "开设多个账号理由", "同平台多账号理由", "多开理由", "开设理由",
		"second_account_reason"}},
}

// registerSkipped are headers understood and not read: they are never
// reported as not understood.
var registerSkipped = []string{"序号", "编号", "序列号", "备注", "说明", "no", "#"}

// headerRules understand a header none of the above is, by the words it
// holds, in this order ("负责人联系电话" is a phone, "运营单位负责人" a person).
var headerRules = []struct {
	field string
	words []string
}{
	{"app_id", []string{"appid", "开发者id"}},
	{"original_id", []string{"原始id", "原始号", "gh_"}},
	{"second_account_reason", []string{"理由", "原因"}},
	{"third_party", []string{"第三方", "委托", "外包"}},
	{"phone", []string{"电话", "手机", "联系方式"}},
	{"domains", []string{"领域"}},
	{"state", []string{"状态"}},
	{"host_org_code", []string{"单位代码", "单位编码"}},
	{"person_in_charge", []string{"负责人", "联系人", "责任人", "管理员"}},
	{"operating_unit", []string{"运营", "运维"}},
	{"host_org", []string{"主办", "开办", "主管", "主体"}},
	{"platform", []string{"平台"}},
	{"wechat_kind", []string{"类型", "类别"}},
	{"name", []string{"名称", "账号名"}},
}

// notFieldWords mark headers that hold something the register does not
// keep, whatever else they say (开通时间, 粉丝数, 账号二维码).
var notFieldWords = []string{"时间", "日期", "年月", "粉丝", "关注", "数量", "人数", "阅读", "二维码", "图片", "头像", "简介", "邮箱", "地址"}

// headerMatch is what a header means: a field, and how telling its
// wording is (lower is better).
type headerMatch struct {
	field string
	rank  int
}

var (
	registerExact   = map[string]headerMatch{}
	registerSkipSet = map[string]bool{}
)

func init() {
	for _, h := range registerHeaders {
		for i, name := range h.headers {
			for _, k := range HeaderKeys(name) {
				if _, dup := registerExact[k]; !dup {
					registerExact[k] = headerMatch{h.field, i}
				}
			}
		}
	}
	for _, name := range registerSkipped {
		registerSkipSet[name] = true
	}
}

// exportHeader is the header exports write for a field.
func exportHeader(field string) string {
	for _, h := range registerHeaders {
		if h.field == field {
			return h.headers[0]
		}
	}
	return field
}

// headerKeys are a register header's normal forms (帐号 is 账号).
func registerKeys(h string) []string {
	return HeaderKeys(strings.ReplaceAll(h, "帐", "账"))
}

// exactHeader finds a header among registerHeaders.
func exactHeader(h string) (headerMatch, bool) {
	for _, k := range registerKeys(h) {
		if m, ok := registerExact[k]; ok {
			return m, true
		}
	}
	return headerMatch{}, false
}

// skippedHeader reports whether h is one of registerSkipped.
func skippedHeader(h string) bool {
	for _, k := range registerKeys(h) {
		if registerSkipSet[k] {
			return true
		}
	}
	return false
}

// ruleHeader understands a header by the words it holds (headerRules).
func ruleHeader(h string) (headerMatch, bool) {
	keys := registerKeys(h)
	k := keys[len(keys)-1]
	for _, w := range notFieldWords {
		if strings.Contains(k, w) {
			return headerMatch{}, false
		}
	}
	for i, r := range headerRules {
		for _, w := range r.words {
			if strings.Contains(k, w) {
				return headerMatch{r.field, 100 + i}, true
			}
		}
	}
	return headerMatch{}, false
}
