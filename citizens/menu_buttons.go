package citizens

import (
	"govmedia"
	"govmedia/wechat"
)

// WeChat's menu limits: 3 top-level buttons of 5 Chinese characters (16
// bytes), 5 sub-buttons each of 20 (60 bytes).
const (
	maxTopButtons  = 3
	maxSubButtons  = 5
	maxTopName     = 16
	maxSubName     = 60
	maxMenuDomains = maxTopButtons * maxSubButtons
)

// clickPrefix starts the key of a domain's button: "domain:" and its code.
const clickPrefix = "domain:"

// menuButtons lays out the domains' buttons: each at the top when there
// are at most 3 and every name fits there; otherwise in up to 3 groups of
// at most 5, named 政务公开 (one group) or 公开事项一, 二, 三. A name too
// long even for a sub-button is cut to fit.
func menuButtons(domains []MenuDomain) []wechat.MenuButton {
	if len(domains) == 0 {
		return nil
	}
	click := func(d MenuDomain, maxName int) wechat.MenuButton {
		return wechat.MenuButton{Name: cutBytes(d.Name, maxName), Key: clickPrefix + d.Code}
	}
	if len(domains) <= maxTopButtons && allFit(domains, maxTopName) {
		var out []wechat.MenuButton
		for _, d := range domains {
			out = append(out, click(d, maxTopName))
		}
		return out
	}
	groups := (len(domains) + maxSubButtons - 1) / maxSubButtons
	out := make([]wechat.MenuButton, groups)
	for i, d := range domains {
		g := i * groups / len(domains) // even groups, in order
		out[g].Sub = append(out[g].Sub, click(d, maxSubName))
	}
	for g := range out {
		out[g].Name = groupName(g, groups)
	}
	return out
}

func groupName(g, groups int) string {
	if groups == 1 {
		return govmedia.Print(govmedia.Chinese, "menu.group")
	}
	return govmedia.Print(govmedia.Chinese, "menu.group_"+string(rune('1'+g)))
}

func allFit(domains []MenuDomain, maxName int) bool {
	for _, d := range domains {
		if len(d.Name) > maxName {
			return false
		}
	}
	return true
}

// cutBytes cuts s to at most n bytes, at a character's end.
func cutBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	end := 0
	for i := range s { // i: where each character starts
		if i > n {
			break
		}
		end = i
	}
	return s[:end]
}
