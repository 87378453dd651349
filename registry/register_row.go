package registry

import (
	"regexp"
	"strings"
)

// parseRow reads one account's row. A blank 主办单位 takes the unit of the
// row above: a unit merged down over its accounts, as a CSV saved from
// such a sheet keeps it (in its first row only), or written once.
func (f *registerFile) parseRow(s *registerSheet, r Row, lastHost string) registerRow {
	before := len(f.errs)
	get := func(field string) string {
		if i, ok := s.header.cols[field]; ok {
			return r.Cell(i)
		}
		return ""
	}
	row := registerRow{sheet: s, row: r.Num, rawName: get("name"), hostRef: foldText(get("host_org_code"))}
	if row.hostRef == "" {
		row.hostRef = foldText(get("host_org"))
	}
	if row.hostRef == "" {
		row.hostRef = lastHost
	}
	fl := Fields{Name: foldText(get("name")), OriginalID: matchKey(get("original_id")), AppID: matchKey(get("app_id")),
		PlatformUID: foldText(get("platform_uid")), OperatingUnit: foldText(get("operating_unit")),
		PersonInCharge: foldText(get("person_in_charge")), Domains: splitList(get("domains")),
		SecondAccountReason: foldText(get("second_account_reason"))}
	f.readPlatform(s, r.Num, &fl, get("platform"), get("wechat_kind"))
	fl.Phone = f.readPhone(s, r.Num, get("phone"))
	var ok bool
	if fl.ThirdParty, ok = parseYes(get("third_party")); !ok {
		f.fail(s, r.Num, "third_party", "sheet.yes_no_invalid", "value", get("third_party"))
	}
	if row.state, ok = parseState(get("state")); !ok {
		f.fail(s, r.Num, "state", "account.state_invalid", "value", get("state"))
	}
	row.fields = fl
	row.bad = len(f.errs) > before
	return row
}

// readPlatform reads the platform and the kind of official account from
// the platform column, the kind column and the sheet's name: either
// column may say both, a kind alone is an official account's, and a
// blank kind of an official account is a subscription account's.
func (f *registerFile) readPlatform(s *registerSheet, num int, fl *Fields, platform, kind string) {
	p, ok := parsePlatformCell(platform)
	switch {
	case !ok && severalPlatforms(platform):
		f.fail(s, num, "platform", "register.platform_several", "value", platform)
		return
	case !ok:
		f.fail(s, num, "platform", "account.platform_invalid", "value", platform)
		return
	}
	k, ok := parsePlatformCell(kind)
	if !ok && (p.platform == WeChatOA || p.platform == "") {
		f.fail(s, num, "wechat_kind", "register.wechat_kind_invalid", "value", kind)
		return
	}
	if !ok {
		k = platformCell{} // a kind of another platform's account (企业号): nothing the register keeps
	}
	if (p.platform != "" && k.platform != "" && p.platform != k.platform) || (p.kind != "" && k.kind != "" && p.kind != k.kind) {
		f.fail(s, num, "wechat_kind", "register.platform_conflict", "platform", platform, "kind", kind)
		return
	}
	fl.Platform = cmpOr(p.platform, k.platform, s.platform)
	fl.WeChatKind = cmpOr(p.kind, k.kind)
	switch {
	case fl.Platform == "":
		f.fail(s, num, "platform", "register.platform_missing")
	case fl.Platform == WeChatOA && fl.WeChatKind == "":
		fl.WeChatKind = Subscription
	}
}

// severalPlatforms reports whether a cell lists two platforms or more
// ("微博、抖音"), where a register has a row for each.
func severalPlatforms(cell string) bool {
	seen := map[Platform]bool{}
	for _, part := range splitList(cell) {
		if pc, ok := parsePlatformCell(part); ok && pc.platform != "" {
			seen[pc.platform] = true
		}
	}
	return len(seen) > 1
}

func cmpOr[T ~string](values ...T) T {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

var scientific = regexp.MustCompile(`^([0-9])(?:\.([0-9]+))?[eE]\+?([0-9]{1,2})$`)

// readPhone reads a phone cell. A number a spreadsheet wrote in scientific
// notation (1.3987654321E+10) is read back when it holds every digit, and
// refused when it does not (8.61399E+12: a CSV saved by Excel holds a long
// number so, its digits rounded away). The mark an export writes for
// a phone that no longer opens reads as none, so the stored one is kept.
func (f *registerFile) readPhone(s *registerSheet, num int, cell string) string {
	v := foldText(cell)
	if v == UnreadablePhone() {
		return ""
	}
	v = strings.TrimSuffix(v, ".0")
	m := scientific.FindStringSubmatch(v)
	if m == nil {
		return v
	}
	digits, exp := m[1]+m[2], 0
	for _, c := range m[3] {
		exp = exp*10 + int(c-'0')
	}
	if len(digits) != exp+1 {
		f.fail(s, num, "phone", "register.phone_scientific", "value", v)
		return v
	}
	return digits
}
