package main

import "strconv"

// r is a row of cells.
func r(cells ...any) []any { return cells }

// phoneNumber is a phone a clerk typed: text in the excelize and
// LibreOffice workbooks, a number in the WPS one (as typed into a cell
// not formatted as text).
type phoneNumber struct {
	text  string
	value int64
}

func phone(n int64) phoneNumber { return phoneNumber{text: strconv.FormatInt(n, 10), value: n} }

// text is a cell's value as a CSV holds it.
func text(v any) string {
	switch t := v.(type) {
	case nil:
		return ""
	case string:
		return t
	case int:
		return strconv.Itoa(t)
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	case phoneNumber:
		return t.text
	}
	panic("cell of unknown type")
}

// cityRegister is a district's register as its office keeps it: a merged
// title and a 填报单位 line above a header of two rows in the district's
// own words (开办单位, 账号名称（全称）, 平台类型, 原始ID, 开发者ID(AppID), 运维单位,
// 是否委托第三方运营, 负责人 over 姓名 and 联系电话, 所属领域, 运营状态) with
// columns the register does not keep (粉丝数（万）, 备注); platform and
// kind in one cell three ways; units by a part of their name (区教育体育局,
// 华山街道: the 填报单位's district decides), by code, with the city's name
// before them, with a stray space, and merged down over their accounts;
// domains by part of their names, separated by 、 ; / and a line break;
// full-width letters and digits, full-width and stray spaces; a blank
// numbered row, a 合计 line, a 备注 line and a 填表人 line; a second sheet
// of Weibo accounts whose platform is the sheet's name; an instructions
// sheet.
func cityRegister() workbook {
	main := sheet{name: "五华区", rows: [][]any{
		r("五华区政务新媒体账号登记表"),
		r("填报单位：五华区人民政府办公室（盖章）　　　填报日期：2026年11月20日"),
		r("序号", "开办单位", "账号名称（全称）", "平台类型", "原始ID", "开发者ID(AppID)", "运维单位", "是否委托第三方运营", "负责人", "", "所属领域", "运营状态", "粉丝数（万）", "备注"),
		r("", "", "", "", "", "", "", "", "姓名", "联系电话"),
		r(1, "区教育体育局", "五华教育", "微信公众号（订阅号）", "gh_0123456789ab", "wx0123456789abcdef", "五华区教育信息中心", "否", "王五", phone(13987654321), "义务教育、公共文化服务", "正常", 1.2),
		r(2, "", "五华　教育", "新浪微博", "", "", "五华区教育信息中心", "自主运营", "王五 ", "139 8765 4321", "义务教育", "正常运营", 0.8),
		r(3, "", "五华教育", "抖音", "", "", "云南某某文化传媒有限公司", "是", "李四", "0871－64445566", "教育;文化", "运营中", 2.5, "委托第三方"),
		r(4, "五华区民政局", "五华民政", "公众号-服务号", "ｇｈ＿ａａａａａａａａａａａａ", "", "", "否", "赵六", "（0871）64445566", "社会救助\n养老服务", "正常"),
		r(5, "", "五华民政", "微信视频号", "", "", "", "否", "赵六", "１３９１２３４５６７８", "社会救助", "正常"),
		r(6, "华山街道", "华山街道", "头条号", "", "", "", "否", "孙七", phone(13812345678), "社会救助/养老服务", "正常"),
		r(7, "km.wuhua.office", "五华发布", "订阅号", "gh_bbbbbbbbbbbb", "WX0123456789ABCDEE", "", "否", "周八", "0871-63190000", "", "正常", 10.3),
		r(8, "昆明市五华区人民政府办公室", "五华发布", "Ｂ站", "", "", "", "否", "周八", "0871-63190000", "", "正常"),
		r(9, "五华区人民政府办公室", "五华发布", "快手", "", "", "", "否", "周八"),
		r(10, "五华区人民政府 办公室", "五华发布", "小红书", "", "", "", "否", "", "", "", "正常"),
		r(11),
		r("合计", "共 10 个账号"),
		r("备注：1.平台类型填写平台名称，公众号注明订阅号或服务号；2.联系电话仅供管理使用。"),
		r("填表人：张三　　联系电话：0871-63190001"),
	}, merges: []string{"A1:N1", "A2:N2", "A3:A4", "B3:B4", "C3:C4", "D3:D4", "E3:E4", "F3:F4", "G3:G4", "H3:H4",
		"I3:J3", "K3:K4", "L3:L4", "M3:M4", "N3:N4", "B5:B7", "B8:B9", "B16:N16", "A17:N17", "A18:N18"}}
	weibo := sheet{name: "微博", rows: [][]any{
		r("序号", "账号名称", "主办单位", "运营单位", "联系人", "手机", "覆盖领域"),
		r(1, "五华发布", "五华区人民政府办公室", "", "周八", "0871-63190000", ""),
		r(2, "护国街道", "五华区护国街道办事处", "", "钱九", phone(13700001111), "社会救助"),
	}}
	help := sheet{name: "填表说明", rows: [][]any{
		r("填表说明"),
		r("1. 每个账号填写一行，同一单位的多个账号可合并单元格。"),
		r("2. 平台类型：微信公众号请注明订阅号或服务号。"),
	}}
	return workbook{file: "city-register.xlsx", sheets: []sheet{main, weibo, help}}
}

// badRows is a register with a problem in nearly every row (the tests say
// which), a sheet without a platform column whose other headers are not
// understood, and a sheet of Douyin accounts whose first row names no unit.
func badRows() workbook {
	accounts := sheet{name: "账号", rows: [][]any{
		r("西山区政务新媒体账号登记表"),
		r("序号", "账号名称", "平台", "公众号类型", "原始ID", "AppID", "主办单位", "是否第三方运营", "负责人", "联系电话", "覆盖领域", "状态"),
		r(1, "好账号一", "抖音", "", "", "", "西山区教育体育局", "否", "", "", "", "正常"),
		r(2, "坏平台", "脸书", "", "", "", "西山区教育体育局", "否"),
		r(3, "坏类型", "微博", "服务号", "", "", "西山区教育体育局", "否"),
		r(4, "坏公众号类型", "微信公众号", "企业号", "gh_cccccccccccc", "", "西山区教育体育局", "否"),
		r(5, "坏电话", "快手", "", "", "", "西山区教育体育局", "否", "张三", "12345"),
		r(6, "丢位电话", "哔哩哔哩", "", "", "", "西山区教育体育局", "否", "张三", "8.61399E+12"),
		r(7, "坏单位", "小红书", "", "", "", "不存在的局", "否"),
		r(8, "含糊单位", "今日头条", "", "", "", "教育体育局", "否"),
		r(9, "坏原始ID", "微信公众号", "订阅号", "gh_xyz", "", "西山区人民政府办公室", "否"),
		r(10, "坏领域", "视频号", "", "", "", "西山区人民政府办公室", "否", "", "", "火星探索"),
		r(11, "含糊领域", "微博", "", "", "", "西山区人民政府办公室", "否", "", "", "服务"),
		r(12, "坏是否", "抖音", "", "", "", "西山区人民政府办公室", "也许"),
		r(13, "坏状态", "快手", "", "", "", "西山区人民政府办公室", "否", "", "", "", "冬眠"),
		r(14, "好账号一", "抖音", "", "", "", "西山区金碧街道办事处", "否"),
		r(15, "五", "哔哩哔哩", "", "", "", "西山区金碧街道办事处", "否"),
		r(16, "无原始ID", "微信公众号", "订阅号", "", "", "西山区金碧街道办事处", "否", "", "", "", "正常"),
		r(17, "多余AppID", "微博", "", "", "wx0123456789abcdef", "西山区金碧街道办事处", "否"),
		r(18, "两个平台", "微博、抖音", "", "", "", "西山区金碧街道办事处", "否"),
	}, merges: []string{"A1:L1"}}
	more := sheet{name: "补充", rows: [][]any{
		r("名称", "主管单位", "粉丝量", "开通时间"),
		r("西山发布", "西山区人民政府办公室", 12000, "2019-05-01"),
	}}
	douyin := sheet{name: "抖音", rows: [][]any{
		r("账号名称", "主办单位"),
		r("无单位账号", ""),
		r("好抖音号", "西山区人民政府办公室"),
	}}
	return workbook{file: "bad-rows.xlsx", sheets: []sheet{accounts, more, douyin}}
}
